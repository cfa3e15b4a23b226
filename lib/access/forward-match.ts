import "server-only";
import { parseIp, formatIp } from "@/lib/net/ip-address";
import { parseRemoteHost } from "@/lib/net/host-name";
import { matchesPattern } from "./match";
import type { PortForwardRule } from "./schema";

// Where a port-forwarding rule lets a session go. Ports are single ports or ranges; remote hosts are host:port
// patterns whose host part is matched like IAM's StringLike (`*` any run of characters, dots included, `?` one
// character), case-insensitively for names, and exactly (in canonical form) for IP literals. The rule file keeps
// the patterns as written; they are parsed here when used.

export type PortRange = { from: number; to: number };
export type HostPattern = { host: string; ports: PortRange | "any" };

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** 5432, "5432" or "8000-8099" → a range; null when malformed. */
export function parsePortSpec(spec: unknown): PortRange | null {
  if (typeof spec === "number") return isPort(spec) ? { from: spec, to: spec } : null;
  if (typeof spec !== "string") return null;
  const single = /^(\d{1,5})$/.exec(spec);
  if (single) return parsePortSpec(Number(single[1]));
  const range = /^(\d{1,5})-(\d{1,5})$/.exec(spec);
  if (!range) return null;
  const [from, to] = [Number(range[1]), Number(range[2])];
  return isPort(from) && isPort(to) && from <= to ? { from, to } : null;
}

const HOST_PATTERN = /^[a-z0-9*?](?:[a-z0-9*?.-]{0,252})$/i;

/** "*.rds.amazonaws.com:5432", "10.0.0.7:8000-8099", "[::1]:*" → host and ports; null when malformed. */
export function parseRemoteHostPattern(text: string): HostPattern | null {
  const at = text.lastIndexOf(":");
  if (at <= 0) return null;
  const hostPart = text.slice(0, at);
  const portPart = text.slice(at + 1);
  const ports = portPart === "*" ? "any" : parsePortSpec(portPart);
  if (!ports) return null;
  if (hostPart.startsWith("[")) {
    const ip = parseIp(hostPart);
    return ip && hostPart.endsWith("]") ? { host: formatIp(ip), ports } : null;
  }
  if (hostPart.includes(":")) return null; // an IPv6 host must be bracketed
  if (!/[*?]/.test(hostPart)) {
    const parsed = parseRemoteHost(hostPart);
    return parsed.ok ? { host: parsed.host.text, ports } : null;
  }
  return HOST_PATTERN.test(hostPart) ? { host: hostPart.toLowerCase(), ports } : null;
}

const inRange = (range: PortRange | "any", port: number) => range === "any" || (port >= range.from && port <= range.to);

/** `host` in canonical form (parseRemoteHost's text). */
export function hostPatternMatches(pattern: HostPattern, host: string, port: number): boolean {
  return inRange(pattern.ports, port) && matchesPattern(pattern.host, host.toLowerCase());
}

export function portSpecsInclude(specs: readonly (number | string)[] | undefined, port: number): boolean {
  return (specs ?? []).some((spec) => {
    const range = parsePortSpec(spec);
    return range !== null && inRange(range, port);
  });
}

export const FORWARD_DOCUMENTS = ["AWS-StartPortForwardingSession", "AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartSSHSession"] as const;
export type ForwardDocument = (typeof FORWARD_DOCUMENTS)[number];

/** Whether one rule (already matching the instance) lets this document reach host:port. */
export function ruleAllowsDestination(rule: PortForwardRule, document: ForwardDocument, host: string | undefined, port: number): boolean {
  switch (document) {
    case "AWS-StartPortForwardingSession":
      return portSpecsInclude(rule.ports, port);
    case "AWS-StartSSHSession":
      return portSpecsInclude(rule.sshPorts, port);
    case "AWS-StartPortForwardingSessionToRemoteHost":
      return (
        host !== undefined &&
        (rule.remoteHosts ?? []).some((text) => {
          const pattern = parseRemoteHostPattern(text);
          return pattern !== null && hostPatternMatches(pattern, host, port);
        })
      );
  }
}

/** "port 5432 on the instance", "localhost:5432", "SSH on port 22". */
export function describeDestination(document: ForwardDocument, host: string | undefined, port: number): string {
  if (document === "AWS-StartSSHSession") return `SSH on port ${port} of the instance`;
  if (document === "AWS-StartPortForwardingSession") return `port ${port} on the instance`;
  const shown = host?.includes(":") ? `[${host}]` : host;
  return `${shown}:${port}`;
}

/** Everything a set of rules allows, for a refusal's sentence. */
export function describeRuleDestinations(rules: readonly PortForwardRule[]): string[] {
  const ports = rules.flatMap((rule) => rule.ports ?? []);
  const hosts = rules.flatMap((rule) => rule.remoteHosts ?? []);
  const ssh = rules.flatMap((rule) => rule.sshPorts ?? []);
  const parts: string[] = [];
  if (ports.length)
    parts.push(`port${ports.length > 1 || String(ports[0]).includes("-") ? "s" : ""} ${[...new Set(ports.map(String))].join(", ")} on the instance`);
  if (hosts.length) parts.push(`remote hosts ${[...new Set(hosts)].join(", ")}`);
  if (ssh.length) parts.push(`SSH on port${ssh.length > 1 || String(ssh[0]).includes("-") ? "s" : ""} ${[...new Set(ssh.map(String))].join(", ")}`);
  return parts;
}

/** The audit record's destination: document and where it goes, e.g. "AWS-StartPortForwardingSessionToRemoteHost db.internal:5432". */
export function forwardAuditDestination(document: string, host: string | undefined, port: unknown): string {
  const where = host === undefined ? `localhost:${String(port)}` : `${host.includes(":") ? `[${host}]` : host}:${String(port)}`;
  return `${document} ${where}`;
}
