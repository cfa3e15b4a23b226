// Ports and hosts as the forward and proxy commands take them: checked here for a clear usage error, then again by
// Gatehouse (the server decides what is allowed; lib/access/ids.ts).
import { usageError } from "./errors";

export function parsePort(value: string | undefined, option: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535)
    throw usageError(`${option} must be a port number from 1 to 65535, not ${JSON.stringify(value)}`, command);
  return Number(value);
}

export const FORWARD_DOCUMENT = "AWS-StartPortForwardingSession";
export const FORWARD_REMOTE_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
export const SSH_DOCUMENT = "AWS-StartSSHSession";
