# syntax=docker/dockerfile:1
# The help-desk bot as a container: a build stage compiles TypeScript (npm run build -> dist/), the runtime
# stage holds dist/ and the production dependencies only, and runs plain node as the unprivileged user "node".
#   docker build -t cert-helpdesk-bot .
#   docker run --rm -p 3978:3978 --env-file .env cert-helpdesk-bot
# Linted offline by `npm run lint:docker`. See docs/deploy-azure.md.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY rules ./rules
COPY scripts ./scripts
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3978
# slim has no curl: node itself asks /healthz (liveness; /readyz also checks the knowledge index and storage).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 (not npm): SIGTERM reaches the bot, which finishes in-flight turns and exits 0.
CMD ["node", "dist/bot/index.js"]
