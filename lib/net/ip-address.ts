// IP literals, strictly: dotted-quad IPv4 (no leading zeros, no shorthand such as 127.1 or 2130706433) and RFC 4291
// IPv6 text (with :: and an embedded IPv4 tail, no zone). Addresses compare as 16 bytes with IPv4 mapped into
// ::ffff:0:0/96, as Go's net.IP.Equal does, so ::ffff:169.254.169.254 is 169.254.169.254. Isomorphic.

/** A parsed address: 16 bytes, IPv4 as its IPv4-mapped IPv6 form. */
export type IpBytes = Uint8Array;

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): IpBytes | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => IPV4_PART.test(part))) return null;
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  parts.forEach((part, i) => (bytes[12 + i] = Number(part)));
  return bytes;
}

export function parseIpv6(text: string): IpBytes | null {
  if (text.length === 0 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === "") return [];
    const pieces = part.split(":");
    const out: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push((v4[12]! << 8) | v4[13]!, (v4[14]! << 8) | v4[15]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  // An embedded IPv4 tail may only come last.
  if (halves.length === 2 && halves[0]!.includes(".")) return null;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}

/** An IPv4 or IPv6 literal (IPv6 optionally in [brackets]); null for anything else. */
export function parseIp(text: string): IpBytes | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return bare.includes(":") ? parseIpv6(bare) : bare === text ? parseIpv4(bare) : null;
}

export function ipEquals(a: IpBytes, b: IpBytes): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const isIpv4Mapped = (ip: IpBytes) => ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;

/** 127.0.0.0/8 and ::1. */
export function isLoopback(ip: IpBytes): boolean {
  if (isIpv4Mapped(ip)) return ip[12] === 127;
  return ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
}

/** Canonical text: dotted quad for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
export function formatIp(ip: IpBytes): string {
  if (isIpv4Mapped(ip)) return Array.from(ip.subarray(12)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => (ip[2 * i]! << 8) | ip[2 * i + 1]!);
  // The longest run of two or more zero groups becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
