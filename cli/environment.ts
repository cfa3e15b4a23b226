// The environment variables the AWS CLI and SDKs read credentials from (docs/cli-facts.md §4), for exec and env.
import type { ProcessCredentials } from "./process-credentials";

export function credentialVariables(credentials: ProcessCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
    AWS_SESSION_TOKEN: credentials.SessionToken,
    AWS_CREDENTIAL_EXPIRATION: credentials.Expiration,
    ...(credentials.AccountId ? { AWS_ACCOUNT_ID: credentials.AccountId } : {}),
  };
}

/** A profile setting in the environment would point the child's tools elsewhere than these credentials. */
export const UNSET_VARIABLES = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] as const;

/** 'text', with ' written as '\'' : safe in every POSIX shell. */
export const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
