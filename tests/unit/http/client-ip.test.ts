import { describe, expect, it } from "vitest";
import { clientIpFrom, normalizeIp, PEER_HEADER } from "@/lib/http/client-ip";

// The audit's source IP: the TCP peer (stamped by Gatehouse's server), or the address the outermost trusted proxy
// saw; never an X-Forwarded-For entry the client could have written itself.

const h = (peer: string | null, xff?: string) => {
  const headers = new Headers();
  if (peer !== null) headers.set(PEER_HEADER, peer);
  if (xff !== undefined) headers.set("x-forwarded-for", xff);
  return headers;
};

describe("clientIpFrom", () => {
  it("with 0 hops, takes the peer and ignores a forged X-Forwarded-For", () => {
    expect(clientIpFrom(h("127.0.0.1", "203.0.113.9"), 0)).toBe("127.0.0.1");
    expect(clientIpFrom(h("198.51.100.4", "203.0.113.9, 10.0.0.1"), 0)).toBe("198.51.100.4");
    expect(clientIpFrom(h("198.51.100.4"), 0)).toBe("198.51.100.4");
  });

  it("with 0 hops and no peer (next dev), gives null, not X-Forwarded-For", () => {
    expect(clientIpFrom(h(null, "203.0.113.9"), 0)).toBeNull();
    expect(clientIpFrom(new Headers(), 0)).toBeNull();
  });

  it("ignores the peer header when Gatehouse's server did not stamp it (next dev, a plain next start)", () => {
    expect(clientIpFrom(h("198.51.100.66", "203.0.113.9"), 0, { peerStamped: false })).toBeNull();
    expect(clientIpFrom(h("198.51.100.66", "203.0.113.9, 198.51.100.7"), 1, { peerStamped: false })).toBe("203.0.113.9");
    expect(clientIpFrom(h("127.0.0.1"), 0, { peerStamped: true })).toBe("127.0.0.1");
  });

  it("behind one ALB (1 hop), takes the entry the ALB appended, not what the client prepended", () => {
    // client 198.51.100.7 sends X-Forwarded-For: 203.0.113.9; the ALB (10.0.1.20) appends the client.
    expect(clientIpFrom(h("10.0.1.20", "203.0.113.9, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7"), 1)).toBe("198.51.100.7");
  });

  it("behind CloudFront and an ALB (2 hops), takes the entry CloudFront appended", () => {
    // client → CloudFront (appends the client) → ALB (appends CloudFront's edge 130.176.0.5) → Gatehouse.
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7, 130.176.0.5"), 2)).toBe("198.51.100.7");
    expect(clientIpFrom(h("10.0.1.20", "203.0.113.9, 1.2.3.4, 198.51.100.7, 130.176.0.5"), 2)).toBe("198.51.100.7");
    // With only one hop trusted, the CloudFront edge is the client as far as Gatehouse can tell.
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7, 130.176.0.5"), 1)).toBe("130.176.0.5");
  });

  it("falls back to the leftmost entry when the chain is shorter than the trusted hops", () => {
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7"), 3)).toBe("198.51.100.7");
    // Directly exposed although hops are configured: Next.js fills X-Forwarded-For with the peer when absent.
    expect(clientIpFrom(h("192.0.2.10", "192.0.2.10"), 1)).toBe("192.0.2.10");
    expect(clientIpFrom(h("192.0.2.10"), 2)).toBe("192.0.2.10");
    expect(clientIpFrom(h(null, "198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientIpFrom(new Headers(), 1)).toBeNull();
  });

  it("gives null for a malformed chosen entry, and does not let empty entries shift the hop", () => {
    expect(clientIpFrom(h("10.0.1.20", "not-an-ip"), 1)).toBeNull();
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7, "), 1)).toBeNull();
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7,,"), 1)).toBeNull();
    expect(clientIpFrom(h("10.0.1.20", "<script>, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientIpFrom(h("10.0.1.20", "999.1.1.1"), 1)).toBeNull();
    expect(clientIpFrom(h("unknown", "198.51.100.7"), 0)).toBeNull();
    expect(clientIpFrom(h("", "198.51.100.7"), 0)).toBeNull();
  });

  it("handles IPv6 peers and entries: brackets, ports, IPv4-mapped addresses", () => {
    expect(clientIpFrom(h("::1"), 0)).toBe("::1");
    expect(clientIpFrom(h("::ffff:127.0.0.1", "203.0.113.9"), 0)).toBe("127.0.0.1");
    expect(clientIpFrom(h("10.0.1.20", "[2001:DB8::7]:51234"), 1)).toBe("2001:db8::7");
    expect(clientIpFrom(h("2001:db8::20", "2001:db8::7"), 1)).toBe("2001:db8::7");
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7:443"), 1)).toBe("198.51.100.7");
  });

  it("treats a fractional or negative hop count as its whole, non-negative part", () => {
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7"), -1)).toBe("10.0.1.20");
    expect(clientIpFrom(h("10.0.1.20", "198.51.100.7"), 1.7)).toBe("198.51.100.7");
  });
});

describe("normalizeIp", () => {
  it("trims, strips brackets, ports, zones and the IPv4-mapped prefix", () => {
    expect(normalizeIp("  192.0.2.1  ")).toBe("192.0.2.1");
    expect(normalizeIp("[::1]")).toBe("::1");
    expect(normalizeIp("[::1]:8080")).toBe("::1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
  });

  it("refuses what is not an IP address", () => {
    for (const bad of [null, undefined, "", "   ", "localhost", "1.2.3", "1.2.3.4.5", "::g", "[1.2.3.4", "a".repeat(300), "192.0.2.1, 192.0.2.2"]) {
      expect(normalizeIp(bad)).toBeNull();
    }
  });

  it("keeps at most 64 characters", () => {
    const longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
    expect(normalizeIp(longest)?.length).toBeLessThanOrEqual(64);
  });
});
