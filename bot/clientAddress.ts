/**
 * The client address that rate limits and logs use. Behind a reverse proxy every request comes from the
 * proxy's socket; X-Forwarded-For names the real client, but anyone can send that header. So it is
 * believed only for hops that are configured proxies (TRUSTED_PROXIES: addresses, CIDRs, or proxy-addr's
 * names loopback / linklocal / uniquelocal), walking the chain from the socket back, as Express does.
 * The matching (IPv4/IPv6, CIDRs, IPv4-mapped IPv6) is proxy-addr's, the library Express uses for it.
 */
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientAddressOf = (req: IncomingMessage) => string;

/** A one-line reason when the list holds an entry proxy-addr cannot read, else undefined. */
export function trustedProxyProblem(list: readonly string[]): string | undefined {
  try {
    proxyaddr.compile([...list]);
    return undefined;
  } catch (e) {
    return `not an IP address, CIDR or proxy-addr name (${(e as Error).message})`;
  }
}

/** The socket address, or the nearest untrusted address of X-Forwarded-For when the socket is a trusted proxy. */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  if (trustedProxies.length === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile([...trustedProxies]);
  return (req) => {
    try {
      return proxyaddr(req, trust);
    } catch {
      return req.socket.remoteAddress ?? 'unknown';
    }
  };
}
