// A remote host as a person may name one for port forwarding: an RFC 1123 host name or an IP literal, nothing else
// (no URL, no port, no zone, no spaces). Isomorphic. docs/session-manager-protocol.md#remote-hosts.
import { formatIp, parseIp, type IpBytes } from "./ip-address";

export type RemoteHost = { kind: "name"; text: string } | { kind: "ip"; text: string; ip: IpBytes };
export type RemoteHostResult = { ok: true; host: RemoteHost } | { ok: false; error: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// inet_aton (and so getaddrinfo) reads 1-4 parts of decimal, 0x-hex or 0-octal numbers as an IPv4 address:
// "2852039166", "0xa9fea9fe" and "169.254.43518" are all 169.254.169.254 to the resolver.
const NUMERIC_PART = /^(?:0x[0-9a-f]*|\d+)$/;

/**
 * Canonical form: IP literals in their canonical text (IPv6 without brackets), names in lower case without a final
 * dot. Refused: anything that is neither, and names the resolver would read as an IPv4 address.
 */
export function parseRemoteHost(input: string): RemoteHostResult {
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: "expected a host name or an IP address, got nothing" };
  if (text !== input) return { ok: false, error: "a host name has no spaces around it" };
  if (text.includes(":") || text.startsWith("[")) {
    const ip = parseIp(text);
    return ip
      ? { ok: true, host: { kind: "ip", text: formatIp(ip), ip } }
      : { ok: false, error: `${JSON.stringify(text.slice(0, 60))} is neither a host name nor an IPv6 address` };
  }
  if (/^[\d.]+$/.test(text)) {
    const ip = parseIp(text);
    return ip
      ? { ok: true, host: { kind: "ip", text: formatIp(ip), ip } }
      : { ok: false, error: `${JSON.stringify(text.slice(0, 60))} is not an IPv4 address (four numbers 0-255, no leading zeros)` };
  }
  const name = text.toLowerCase().replace(/\.$/, "");
  if (name.length > 253) return { ok: false, error: "a host name is at most 253 characters" };
  const labels = name.split(".");
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return {
      ok: false,
      error: `${JSON.stringify(text.slice(0, 60))} is not a host name: each dot-separated part is 1-63 letters, digits or hyphens, not starting or ending with a hyphen (RFC 1123)`,
    };
  }
  if (labels.length <= 4 && labels.every((label) => NUMERIC_PART.test(label))) {
    return { ok: false, error: `${JSON.stringify(text.slice(0, 60))} is an IPv4 address in a non-standard form; write it as four decimal numbers` };
  }
  if (/^\d+$/.test(labels.at(-1)!)) return { ok: false, error: `${JSON.stringify(text.slice(0, 60))} is not a host name: its last part is all digits` };
  return { ok: true, host: { kind: "name", text: name } };
}
