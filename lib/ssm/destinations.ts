// Where amazon-ssm-agent refuses to forward to (agent/session/plugins/port/port.go, appconfig/constants.go;
// docs/session-manager-protocol.md#agent-destination-rules). Gatehouse refuses the same addresses before it starts
// a session, and the sandbox's agent refuses them as the agent does. Isomorphic.
import { formatIp, ipEquals, parseIp, parseIpv4, type IpBytes } from "@/lib/net/ip-address";

/**
 * DefaultDeniedPortForwardingRemoteIPs: instance metadata (IMDS), the VPC DNS resolver's link-local address, the
 * time-sync service and the other link-local AWS endpoints, in IPv4 and IPv6.
 */
export const AGENT_DENIED_REMOTE_IPS: readonly string[] = [
  "169.254.169.254",
  "fd00:ec2::254",
  "169.254.169.253",
  "fd00:ec2::253",
  "169.254.169.123",
  "fd00:ec2::123",
  "169.254.169.250",
  "169.254.169.251",
  "fd00:ec2::240",
];

const DENIED = AGENT_DENIED_REMOTE_IPS.map((text) => parseIp(text)!);

/**
 * The addresses the agent adds for the instance's VPC (calculateAddress): the first four of each primary CIDR block
 * (the network, the VPC router, the VPC DNS resolver at base+2, and base+3) and its broadcast address.
 */
export function vpcReservedAddresses(cidr: string): string[] {
  const [base, prefixText] = cidr.split("/");
  const ip = base ? parseIpv4(base) : null;
  const prefix = Number(prefixText);
  if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return [];
  const value = ((ip[12]! << 24) | (ip[13]! << 16) | (ip[14]! << 8) | ip[15]!) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
  const network = (value & mask) >>> 0;
  const text = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
  // As the agent does: the address as written, plus 1, 2, 3 (it adds to the address given, which is the base).
  return [text(value), text(value + 1), text(value + 2), text(value + 3), text((network | ~mask) >>> 0)];
}

/** The denied address `ip` equals, in canonical text, or undefined when forwarding there is allowed. */
export function deniedRemoteAddress(ip: IpBytes, extra: readonly string[] = []): string | undefined {
  const list = extra.length ? [...DENIED, ...extra.map((text) => parseIp(text)).filter((v): v is IpBytes => v !== null)] : DENIED;
  const hit = list.find((denied) => ipEquals(denied, ip));
  return hit && formatIp(hit);
}

/**
 * Names that resolve to the metadata service inside EC2 (the documented IMDS host name and its regional forms).
 * Gatehouse cannot resolve names the way the instance will, so it refuses these by name as well.
 */
export function isMetadataHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "instance-data" || /^instance-data\.([a-z0-9-]+\.)?(ec2|compute)\.internal$/.test(name);
}
