// The client's address for the audit log, from the TCP peer and as many X-Forwarded-For hops as the operator trusts.
// Pure (no Next.js imports), so the production server script and the unit tests can use it directly.
import { isIP } from "node:net";

/**
 * Set by Gatehouse's own HTTP server (scripts/lib/serve-next.ts) to the socket's remote address on every request,
 * always replacing whatever the client sent. Absent under `next dev`.
 */
export const PEER_HEADER = "x-gatehouse-peer";

/**
 * Set to "1" in its own environment by that server before Next.js loads. Without it (`next dev`, or a plain
 * `next start`) nothing replaces a client's PEER_HEADER, so the header means nothing and is ignored.
 */
export const PEER_STAMPED_ENV = "GATEHOUSE_PEER_STAMPED";

export interface ClientIpOptions {
  /** Whether PEER_HEADER was set by Gatehouse's server (default true); if false it is treated as absent. */
  peerStamped?: boolean;
}

/** Longest address kept (the audit column is clipped to the same). */
const MAX_LENGTH = 64;

/**
 * The address the outermost trusted proxy saw, or the TCP peer when no proxy is trusted.
 *
 * The hops are `[...X-Forwarded-For entries, peer]`. Each trusted proxy appends the address it was reached from, so
 * with `trustedHops` = N the client is entry N counted from the right (0 = the peer itself); entries further left
 * were written by the client or by untrusted parties and are never used. If the list is shorter than N (a proxy
 * missing, or a misconfiguration), the leftmost entry is the best there is. Returns null when the chosen entry is
 * not an IP address (or there is nothing at all).
 */
export function clientIpFrom(headers: Headers, trustedHops: number, { peerStamped = true }: ClientIpOptions = {}): string | null {
  const peer = peerStamped ? headers.get(PEER_HEADER) : null;
  const hops = Math.max(0, Math.floor(trustedHops));
  if (hops === 0) return normalizeIp(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  // An empty header gives [""]; a client's stray commas give empty entries, which stay in place (and are refused
  // if chosen) so they cannot shift which hop is picked.
  const chain = forwarded.length === 1 && forwarded[0] === "" ? [] : forwarded;
  if (peer !== null) chain.push(peer);
  if (chain.length === 0) return null;
  return normalizeIp(chain[Math.max(0, chain.length - 1 - hops)]);
}

/**
 * One hop as a plain IP address: trimmed, without `[…]` brackets, a port or an IPv6 zone, and with an IPv4-mapped
 * IPv6 address (`::ffff:192.0.2.1`) as its IPv4 form. Null when it is not an IP address.
 */
export function normalizeIp(raw: string | null | undefined): string | null {
  let value = raw?.trim() ?? "";
  if (!value || value.length > 200) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[^:]+:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(":")); // IPv4 with a port
  value = value.replace(/%[\w.-]+$/, ""); // an IPv6 zone (fe80::1%eth0)
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  if (isIP(value) === 0) return null;
  return value.toLowerCase().slice(0, MAX_LENGTH);
}
