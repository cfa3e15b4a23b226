// Version rules of port sessions: each side picks mux or basic mode, keepalive and the TerminateSession flag from
// the other side's version (docs/session-manager-protocol.md#mux-or-basic-mode). The plugin and the agent compare
// versions differently, and each rule is written the way the program that applies it compares.

/** The version thresholds, as the plugin's config.go and the agent's port.go define them. */
export const PortVersions = {
  /** Plugin: mux when the agent's version is greater than this. */
  muxAfterAgentVersion: "3.0.196.0",
  /** Plugin: smux keepalive off when the agent's version is greater than this. */
  keepAliveOffAfterAgentVersion: "3.1.1511.0",
  /** Plugin, basic mode: the TerminateSession flag when the agent's version is greater than this. */
  terminateFlagAfterAgentVersion: "2.3.722.0",
  /** Agent: mux when the client's version is at least this. */
  muxFromClientVersion: "1.1.70",
  /** Agent: smux keepalive off when the client's version is greater than this. */
  keepAliveOffAfterClientVersion: "1.2.331.0",
} as const;

/**
 * The ClientVersion Gatehouse's port client sends: the agent reads it to choose mux mode (≥ 1.1.70) with smux
 * keepalive off (> 1.2.331.0), which is the behaviour this client implements. A version, not a claim of being
 * the plugin.
 */
export const PORT_CLIENT_VERSION = "1.2.707.0";
/** A ClientVersion below 1.1.70, which makes the agent use basic mode (one connection at a time). */
export const BASIC_PORT_CLIENT_VERSION = "1.1.69.0";

/**
 * The plugin's comparison (src/version/versionutil.go): both versions split on ".", the same number of parts, each
 * a decimal integer. Returns undefined where the plugin reports an error, which its callers treat as "not
 * supported".
 */
export function comparePluginStyle(a: string, b: string): -1 | 0 | 1 | undefined {
  if (a === "" || b === "") return undefined;
  const left = a.split(".");
  const right = b.split(".");
  if (left.length !== right.length) return undefined;
  for (let i = 0; i < left.length; i++) {
    if (!/^[+-]?\d+$/.test(left[i]!) || !/^[+-]?\d+$/.test(right[i]!)) return undefined;
    const x = Number(left[i]);
    const y = Number(right[i]);
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * The agent's comparison (agent/versionutil Compare with strict ordering): semantic versions when both parse as
 * one; otherwise part by part, numerically where both parts are numbers and as text where not, and with every
 * shared part equal the version with fewer parts is the lesser.
 */
export function compareAgentStyle(a: string, b: string): number {
  const sa = SEMVER.exec(a);
  const sb = SEMVER.exec(b);
  if (sa && sb) {
    for (let i = 1; i <= 3; i++) {
      const x = Number(sa[i]);
      const y = Number(sb[i]);
      if (x !== y) return x > y ? 1 : -1;
    }
    const pa = sa[4];
    const pb = sb[4];
    if (pa === pb) return 0;
    // A pre-release sorts before the release.
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pa < pb ? -1 : 1;
  }
  const left = a.split(".");
  const right = b.split(".");
  for (let i = 0; i < left.length && i < right.length; i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (/^[+-]?\d+$/.test(x) && /^[+-]?\d+$/.test(y)) {
      if (Number(x) !== Number(y)) return Number(x) > Number(y) ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return left.length - right.length;
}

/** Client side (plugin rules), from the agent's AgentVersion in the HandshakeRequest. */
export const agentSupportsMux = (agentVersion: string) => comparePluginStyle(agentVersion, PortVersions.muxAfterAgentVersion) === 1;
export const agentDisablesKeepAlive = (agentVersion: string) => comparePluginStyle(agentVersion, PortVersions.keepAliveOffAfterAgentVersion) === 1;
export const agentSupportsTerminateFlag = (agentVersion: string) => comparePluginStyle(agentVersion, PortVersions.terminateFlagAfterAgentVersion) === 1;

/** Agent side (agent rules), from the client's ClientVersion in the HandshakeResponse. */
export const clientSupportsMux = (clientVersion: string) => compareAgentStyle(clientVersion, PortVersions.muxFromClientVersion) >= 0;
export const clientDisablesKeepAlive = (clientVersion: string) => compareAgentStyle(clientVersion, PortVersions.keepAliveOffAfterClientVersion) > 0;
