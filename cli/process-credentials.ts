// credential_process output, Version 1 (docs/cli-facts.md §1): what Gatehouse answers, what the cache holds, and
// what `credentials` prints. Checked on arrival so a malformed answer fails here, with a clear message, rather than
// inside whichever SDK runs us.
import { CliError } from "./errors";

export interface ProcessCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601 */
  Expiration: string;
  AccountId?: string;
}

export function checkProcessCredentials(value: unknown): ProcessCredentials {
  const v = (value ?? {}) as Record<string, unknown>;
  const ok =
    v.Version === 1 &&
    typeof v.AccessKeyId === "string" &&
    v.AccessKeyId !== "" &&
    typeof v.SecretAccessKey === "string" &&
    v.SecretAccessKey !== "" &&
    typeof v.SessionToken === "string" &&
    v.SessionToken !== "" &&
    typeof v.Expiration === "string" &&
    !Number.isNaN(Date.parse(v.Expiration)) &&
    (v.AccountId === undefined || typeof v.AccountId === "string");
  if (!ok) throw new CliError("Gatehouse answered credentials this program cannot read (expected credential_process Version 1): is Gatehouse up to date?");
  return {
    Version: 1,
    AccessKeyId: v.AccessKeyId as string,
    SecretAccessKey: v.SecretAccessKey as string,
    SessionToken: v.SessionToken as string,
    Expiration: v.Expiration as string,
    ...(typeof v.AccountId === "string" ? { AccountId: v.AccountId } : {}),
  };
}

export function rememberSecrets(secrets: Set<string>, credentials: ProcessCredentials): void {
  secrets.add(credentials.AccessKeyId);
  secrets.add(credentials.SecretAccessKey);
  secrets.add(credentials.SessionToken);
}
