/**
 * Builds the Microsoft Teams app package (the zip you side-load or upload to Teams).
 *
 *   MicrosoftAppId=<bot app id> BOT_DOMAIN=<your host> npm run teams:package
 *
 * Reads appPackage/manifest.json (a template with ${{NAME}} placeholders), fills it from the
 * environment, writes appPackage/build/manifest.json, validates it offline against the Teams JSON
 * schema shipped inside @microsoft/app-manifest, checks the icons, and zips manifest.json,
 * color.png and outline.png (at the zip root) into appPackage/build/cert-helpdesk-teams.zip.
 *
 * Environment (read here only, through the zod schema below):
 *   MicrosoftAppId        required, GUID: the Azure Bot's Microsoft App ID (bots[0].botId)
 *   BOT_DOMAIN            optional host name of the bot (validDomains), e.g. bot.example.com
 *   TEAMS_APP_ID          optional GUID; default derived deterministically from MicrosoftAppId
 *   TEAMS_APP_VERSION     optional semver; default 1.0.0
 *   TEAMS_APP_WEBSITE, TEAMS_APP_PRIVACY_URL, TEAMS_APP_TERMS_URL   optional https URLs for the
 *                         developer section (default: the https://example.com/... values of the template)
 *   TEAMS_APP_DEVELOPER   optional developer name (max 32 characters)
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Constants (documented defaults)

export const APP_PACKAGE_DIR = path.resolve(__dirname, '..', 'appPackage');
export const BUILD_DIR_NAME = 'build';
export const ZIP_NAME = 'cert-helpdesk-teams.zip';
export const DEFAULT_APP_VERSION = '1.0.0';
/** Namespace of the UUID v5 that derives the Teams app id from the bot id (fixed, arbitrary). */
export const TEAMS_APP_ID_NAMESPACE = '6f3c2a1e-8d4b-4c5a-9e7f-1b2d3c4e5f60';
export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;
export const ICON_SIZES = { color: 192, outline: 32 } as const;
/** Teams' limits for bot commands (the v1.30 schema itself allows longer titles). */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;
/** Zip entries get this fixed timestamp so the same inputs give the same bytes. */
const ZIP_ENTRY_DATE = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

const GUID_RE = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER_RE = /^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$/;
const HOSTNAME_RE = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PLACEHOLDER_RE = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000';

// ---------------------------------------------------------------------------------------------
// Errors

/** Every failure of this script; `problems` lists each one on its own. */
export class TeamsPackageError extends Error {
  override readonly name = 'TeamsPackageError';
  constructor(readonly problems: readonly string[]) {
    super(problems.map((p) => `teams-package: ${p}`).join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------
// Environment

const blankToUndefined = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : t;
};

const httpsUrl = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^https:\/\/[^\s]+$/, { error: (iss) => `${name} must be an https:// URL, got "${String(iss.input)}"` })
      .max(2048)
      .optional(),
  );

const PackageEnvSchema = z.object({
  MicrosoftAppId: z.preprocess(
    blankToUndefined,
    z
      .string({
        error: () =>
          `MicrosoftAppId is required to build the Teams package: set it to the Microsoft App ID of your Azure Bot (a GUID such as ${EXAMPLE_GUID})`,
      })
      .regex(GUID_RE, {
        error: (iss) => `MicrosoftAppId must be a GUID such as ${EXAMPLE_GUID}, got "${String(iss.input)}"`,
      }),
  ),
  BOT_DOMAIN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(HOSTNAME_RE, {
        error: (iss) =>
          `BOT_DOMAIN must be a host name such as bot.example.com (no https://, port or path), got "${String(iss.input)}"`,
      })
      .optional(),
  ),
  TEAMS_APP_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(GUID_RE, { error: (iss) => `TEAMS_APP_ID must be a GUID, got "${String(iss.input)}"` })
      .optional(),
  ),
  TEAMS_APP_VERSION: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(SEMVER_RE, {
        error: (iss) => `TEAMS_APP_VERSION must be a version such as 1.0.0, got "${String(iss.input)}"`,
      })
      .default(DEFAULT_APP_VERSION),
  ),
  TEAMS_APP_WEBSITE: httpsUrl('TEAMS_APP_WEBSITE'),
  TEAMS_APP_PRIVACY_URL: httpsUrl('TEAMS_APP_PRIVACY_URL'),
  TEAMS_APP_TERMS_URL: httpsUrl('TEAMS_APP_TERMS_URL'),
  TEAMS_APP_DEVELOPER: z.preprocess(
    blankToUndefined,
    z.string().max(32, { error: 'TEAMS_APP_DEVELOPER must be at most 32 characters' }).optional(),
  ),
});

/** The values that go into the manifest. */
export interface PackageValues {
  botId: string;
  teamsAppId: string;
  version: string;
  botDomain?: string;
  developerName?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsOfUseUrl?: string;
}

export type EnvLike = Readonly<Record<string, string | undefined>>;

/** Reads and checks the environment; throws TeamsPackageError naming each bad variable. */
export function readPackageEnv(env: EnvLike): PackageValues {
  const parsed = PackageEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new TeamsPackageError(parsed.error.issues.map((i) => i.message));
  }
  const e = parsed.data;
  const botId = e.MicrosoftAppId.toLowerCase();
  return {
    botId,
    teamsAppId: (e.TEAMS_APP_ID ?? deriveTeamsAppId(botId)).toLowerCase(),
    version: e.TEAMS_APP_VERSION,
    botDomain: e.BOT_DOMAIN?.toLowerCase(),
    developerName: e.TEAMS_APP_DEVELOPER,
    websiteUrl: e.TEAMS_APP_WEBSITE,
    privacyUrl: e.TEAMS_APP_PRIVACY_URL,
    termsOfUseUrl: e.TEAMS_APP_TERMS_URL,
  };
}

/** UUID v5 (RFC 4122, SHA-1) of the bot id: the same bot always gets the same Teams app id. */
export function deriveTeamsAppId(botId: string): string {
  const ns = Buffer.from(TEAMS_APP_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(botId.toLowerCase(), 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// Manifest

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const REMOVED = Symbol('removed');

/**
 * Fills the template: replaces ${{BOT_ID}}, ${{TEAMS_APP_ID}}, ${{TEAMS_APP_VERSION}} and
 * ${{BOT_DOMAIN}} in every string, drops an array item that is only a placeholder with no value
 * (validDomains without BOT_DOMAIN), and overrides the developer section where values are given.
 * Pure: returns a new object. Unknown placeholders are left in place (validateManifest reports them).
 */
export function fillManifest(template: JsonObject, values: PackageValues): JsonObject {
  const vars: Record<string, string | undefined> = {
    BOT_ID: values.botId,
    TEAMS_APP_ID: values.teamsAppId,
    TEAMS_APP_VERSION: values.version,
    BOT_DOMAIN: values.botDomain,
  };
  const fillString = (s: string): string | typeof REMOVED => {
    const whole = /^\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(s);
    if (whole && whole[1] in vars && vars[whole[1]] === undefined) return REMOVED;
    return s.replace(PLACEHOLDER_RE, (m: string, name: string) => vars[name] ?? m);
  };
  const walk = (v: JsonValue): JsonValue | typeof REMOVED => {
    if (typeof v === 'string') return fillString(v);
    if (Array.isArray(v)) {
      const out: JsonValue[] = [];
      for (const item of v) {
        const f = walk(item);
        if (f !== REMOVED) out.push(f);
      }
      return out;
    }
    if (isJsonObject(v)) {
      const out: JsonObject = {};
      for (const [k, item] of Object.entries(v)) {
        const f = walk(item);
        // A lone placeholder without value outside an array stays, so validation names it.
        out[k] = f === REMOVED ? item : f;
      }
      return out;
    }
    return v;
  };
  const filled = walk(template);
  if (filled === REMOVED || !isJsonObject(filled)) throw new TeamsPackageError(['manifest template is not a JSON object']);

  const dev = filled.developer;
  if (isJsonObject(dev)) {
    if (values.developerName) dev.name = values.developerName;
    if (values.websiteUrl) dev.websiteUrl = values.websiteUrl;
    if (values.privacyUrl) dev.privacyUrl = values.privacyUrl;
    if (values.termsOfUseUrl) dev.termsOfUseUrl = values.termsOfUseUrl;
  }
  return filled;
}

type AppManifestArg = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const SCHEMA_URL_RE =
  /^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/v[0-9A-Za-z.]+\/MicrosoftTeams\.schema\.json)$/i;

/**
 * The local copy of the Teams schema named by `$schema`, as shipped in @microsoft/app-manifest
 * (build/json-schemas/teams/v1.x/MicrosoftTeams.schema.json). Undefined when the package has none.
 */
export function localSchemaPath(schemaUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(schemaUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.hostname !== 'developer.microsoft.com') return undefined;
  const m = SCHEMA_URL_RE.exec(url.pathname);
  if (!m) return undefined;
  const buildDir = path.dirname(require.resolve('@microsoft/app-manifest'));
  const file = path.join(buildDir, m[1]);
  return fs.existsSync(file) ? file : undefined;
}

const schemaCache = new Map<string, ManifestSchema>();

function loadLocalSchema(file: string): ManifestSchema {
  const cached = schemaCache.get(file);
  if (cached) return cached;
  // Same clean-up as @microsoft/app-manifest's own loader (\a and \v are not valid JSON escapes).
  const raw = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(raw) as ManifestSchema;
  schemaCache.set(file, schema);
  return schema;
}

/** Every `${{NAME}}` left in a string, with its JSON pointer. */
function leftoverPlaceholders(v: JsonValue, at: string, out: string[]): void {
  if (typeof v === 'string') {
    for (const m of v.matchAll(PLACEHOLDER_RE)) out.push(`${at || '/'} still holds the placeholder ${m[0]}`);
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => leftoverPlaceholders(item, `${at}/${i}`, out));
  } else if (isJsonObject(v)) {
    for (const [k, item] of Object.entries(v)) leftoverPlaceholders(item, `${at}/${k}`, out);
  }
}

/** Teams limits that the JSON schema does not enforce. */
function commandProblems(manifest: JsonObject): string[] {
  const out: string[] = [];
  const bots = manifest.bots;
  if (!Array.isArray(bots)) return out;
  bots.forEach((bot, b) => {
    if (!isJsonObject(bot) || !Array.isArray(bot.commandLists)) return;
    bot.commandLists.forEach((list, l) => {
      if (!isJsonObject(list) || !Array.isArray(list.commands)) return;
      list.commands.forEach((cmd, c) => {
        if (!isJsonObject(cmd)) return;
        const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
        if (typeof cmd.title === 'string' && cmd.title.length > COMMAND_TITLE_MAX) {
          out.push(`${at}/title must be at most ${COMMAND_TITLE_MAX} characters ("${cmd.title}")`);
        }
        if (typeof cmd.description === 'string' && cmd.description.length > COMMAND_DESCRIPTION_MAX) {
          out.push(`${at}/description must be at most ${COMMAND_DESCRIPTION_MAX} characters`);
        }
      });
    });
  });
  return out;
}

/**
 * Validates a filled manifest offline: the JSON schema its `$schema` names (loaded from the copy in
 * @microsoft/app-manifest and passed to AppManifestUtils.validateAgainstSchema, so no network is
 * used), plus placeholders left unfilled and Teams' command length limits. [] when valid.
 */
export async function validateManifest(manifest: JsonObject): Promise<string[]> {
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl !== 'string') return ['/$schema is missing: the manifest must name its Teams schema'];
  const file = localSchemaPath(schemaUrl);
  if (!file) {
    return [`/$schema ${schemaUrl} is not a Teams schema shipped with @microsoft/app-manifest (offline validation needs one)`];
  }
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifestArg,
    loadLocalSchema(file),
  );
  const extra: string[] = [];
  leftoverPlaceholders(manifest, '', extra);
  return [...schemaErrors, ...extra, ...commandProblems(manifest)];
}

/** Hosts reserved for documentation (RFC 2606): a link there is a placeholder, never a real page. */
const PLACEHOLDER_HOST_RE = /(^|\.)example\.(?:com|org|net)$/i;

/** The environment variable that replaces each developer link of the template. */
const DEVELOPER_LINK_VARIABLES: Readonly<Record<string, string>> = {
  websiteUrl: 'TEAMS_APP_WEBSITE',
  privacyUrl: 'TEAMS_APP_PRIVACY_URL',
  termsOfUseUrl: 'TEAMS_APP_TERMS_URL',
};

/**
 * Links of the filled manifest that still point at a placeholder host (example.com): valid for the
 * schema, so the package builds, but Teams shows them to users and the store rejects them. One line
 * each, naming the variable that sets it.
 */
export function placeholderWarnings(manifest: JsonObject): string[] {
  const out: string[] = [];
  const walk = (v: JsonValue, at: string): void => {
    if (typeof v === 'string') {
      let host: string | undefined;
      try {
        host = /^https?:\/\//i.test(v) ? new URL(v).hostname : undefined;
      } catch {
        host = undefined;
      }
      if (host && PLACEHOLDER_HOST_RE.test(host)) {
        const key = at.split('/').pop() ?? '';
        const variable = at.startsWith('/developer/') ? DEVELOPER_LINK_VARIABLES[key] : undefined;
        out.push(`${at} is a placeholder link (${v})${variable ? `: set ${variable} to your real page before publishing` : ''}`);
      }
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (isJsonObject(v)) for (const [k, item] of Object.entries(v)) walk(item, `${at}/${k}`);
  };
  walk(manifest, '');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Icons

export interface IconFiles {
  color: Buffer;
  outline: Buffer;
}

function readPng(name: string, data: Buffer): PNG | string {
  try {
    return PNG.sync.read(data);
  } catch (e) {
    return `${name} is not a readable PNG (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Teams' icon rules: color 192x192; outline 32x32, white on a transparent background. [] when fine. */
export function checkIcons(icons: IconFiles): string[] {
  const out: string[] = [];
  const color = readPng(ICON_FILES.color, icons.color);
  if (typeof color === 'string') out.push(color);
  else if (color.width !== ICON_SIZES.color || color.height !== ICON_SIZES.color) {
    out.push(`${ICON_FILES.color} must be ${ICON_SIZES.color}x${ICON_SIZES.color} pixels, got ${color.width}x${color.height}`);
  }
  const outline = readPng(ICON_FILES.outline, icons.outline);
  if (typeof outline === 'string') out.push(outline);
  else {
    if (outline.width !== ICON_SIZES.outline || outline.height !== ICON_SIZES.outline) {
      out.push(
        `${ICON_FILES.outline} must be ${ICON_SIZES.outline}x${ICON_SIZES.outline} pixels, got ${outline.width}x${outline.height}`,
      );
    }
    let transparent = 0;
    let coloured = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const a = outline.data[i + 3];
      if (a === 0) transparent++;
      else if (outline.data[i] !== 255 || outline.data[i + 1] !== 255 || outline.data[i + 2] !== 255) coloured++;
    }
    if (transparent === 0) out.push(`${ICON_FILES.outline} must have a transparent background`);
    if (coloured > 0) out.push(`${ICON_FILES.outline} must be white only: ${coloured} visible pixels are not white`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Package

export interface BuildOptions {
  /** Where the variables come from, e.g. process.env. */
  env: EnvLike;
  /** Folder with manifest.json (template), color.png and outline.png. Default: appPackage/. */
  appPackageDir?: string;
}

export interface PreparedPackage {
  manifest: JsonObject;
  icons: IconFiles;
  values: PackageValues;
  /** Schema errors and icon problems; empty when the package may be zipped. */
  problems: string[];
  /** What does not stop the package but should be fixed before publishing (placeholder links). */
  warnings: string[];
}

function readTemplate(dir: string): JsonObject {
  const file = path.join(dir, 'manifest.json');
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonValue;
  if (!isJsonObject(parsed)) throw new TeamsPackageError([`${file} is not a JSON object`]);
  return parsed;
}

/** Reads env, template and icons; fills and checks everything; zips nothing. */
export async function preparePackage(options: BuildOptions): Promise<PreparedPackage> {
  const dir = options.appPackageDir ?? APP_PACKAGE_DIR;
  const values = readPackageEnv(options.env);
  const manifest = fillManifest(readTemplate(dir), values);
  const icons: IconFiles = {
    color: fs.readFileSync(path.join(dir, ICON_FILES.color)),
    outline: fs.readFileSync(path.join(dir, ICON_FILES.outline)),
  };
  const problems = await validateManifest(manifest);
  const ref = manifest.icons;
  if (!isJsonObject(ref) || ref.color !== ICON_FILES.color || ref.outline !== ICON_FILES.outline) {
    problems.push(`/icons must name "${ICON_FILES.color}" and "${ICON_FILES.outline}" (the files that are zipped)`);
  }
  problems.push(...checkIcons(icons));
  return { manifest, icons, values, problems, warnings: placeholderWarnings(manifest) };
}

/** The zip: manifest.json, color.png and outline.png at its root (fixed timestamps). */
export async function zipPackage(manifest: JsonObject, icons: IconFiles): Promise<Buffer> {
  const zip = new JSZip();
  const opts = { date: ZIP_ENTRY_DATE, createFolders: false };
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, opts);
  zip.file(ICON_FILES.color, icons.color, opts);
  zip.file(ICON_FILES.outline, icons.outline, opts);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** The whole package as zip bytes; throws TeamsPackageError listing every problem when invalid. */
export async function buildPackage(options: BuildOptions): Promise<Buffer> {
  const prepared = await preparePackage(options);
  if (prepared.problems.length > 0) throw new TeamsPackageError(prepared.problems);
  return zipPackage(prepared.manifest, prepared.icons);
}

// ---------------------------------------------------------------------------------------------
// CLI

export async function main(env: EnvLike = process.env, appPackageDir: string = APP_PACKAGE_DIR): Promise<number> {
  const buildDir = path.join(appPackageDir, BUILD_DIR_NAME);
  try {
    const prepared = await preparePackage({ env, appPackageDir });
    fs.mkdirSync(buildDir, { recursive: true });
    const manifestOut = path.join(buildDir, 'manifest.json');
    fs.writeFileSync(manifestOut, `${JSON.stringify(prepared.manifest, null, 2)}\n`);
    if (prepared.problems.length > 0) {
      console.error(`teams-package: ${manifestOut} is not valid:`);
      for (const p of prepared.problems) console.error(`  - ${p}`);
      return 1;
    }
    for (const w of prepared.warnings) console.warn(`teams-package: warning: ${w}`);
    const zip = await zipPackage(prepared.manifest, prepared.icons);
    const zipOut = path.join(buildDir, ZIP_NAME);
    fs.writeFileSync(zipOut, zip);
    const v = prepared.values;
    console.log(
      `teams-package: bot ${v.botId}, Teams app ${v.teamsAppId}, version ${v.version}, ` +
        `domain ${v.botDomain ?? '(none)'}`,
    );
    console.log(zipOut);
    return 0;
  } catch (e) {
    console.error(e instanceof TeamsPackageError ? e.message : `teams-package: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
