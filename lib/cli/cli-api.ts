// The JSON shapes of the command-line API (docs/cli-api.md), shared by the route handlers, the portal and the
// `gatehouse` command. Isomorphic and dependency-free.

/** POST /api/v1/cli/token, either grant. */
export interface CliTokenAnswer {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  email: string;
  name: string;
}

/** POST /api/v1/cli/device. */
export interface CliDeviceAnswer {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** The four RFC 8628 answers of a device-code poll, the only error codes outside lib/errors.ts. */
export const DEVICE_POLL_ERRORS = ["authorization_pending", "slow_down", "expired_token", "access_denied"] as const;
export type DevicePollError = (typeof DEVICE_POLL_ERRORS)[number];

/** GET /api/v1/me. */
export interface CliMe {
  email: string;
  name: string;
  groups: string[];
  expiresAt: string;
  deviceName: string | null;
}

/** One entry of GET /api/v1/roles: a role decide() allows the person to open. */
export interface CliRole {
  accountId: string;
  accountName: string;
  roleName: string;
  /** The access profile that grants it. */
  profileId: string;
  requireReason: boolean;
  /** The AWS profile name `gatehouse configure` writes for it (lib/cli/profile-name.ts). */
  profileName: string;
}

/** POST /api/v1/credentials: credential_process output, Version 1. */
export interface CredentialProcessOutput {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601. */
  Expiration: string;
  AccountId: string;
}

/** POST /api/credentials (Copy temporary credentials): shell export lines. */
export interface CopiedCredentials {
  exports: string;
  expiration: string;
  roleArn: string;
}

/** The loopback approval routes' answer: where the approval page sends the browser next. */
export interface LoginRedirect {
  redirectTo: string;
}

/** One signed-in command-line device (a live token) on the Command line page. */
export interface DeviceRow {
  id: string;
  deviceName: string;
  email: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  sourceIp: string | null;
}

export interface DeviceLists {
  mine: DeviceRow[];
  /** Everyone's devices, for administrators only (null otherwise). */
  everyone: DeviceRow[] | null;
}
