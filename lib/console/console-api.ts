// The JSON shapes of the console routes, shared by the route handlers and the Open console button.

/** POST /api/console answer: the login URL (a secret valid 15 minutes, single use) and when the console session ends. */
export interface OpenConsoleResult {
  url: string;
  expiresAt: string;
  roleArn: string;
  sessionName: string;
  /** Role-chained session: the console lasts as long as the credentials (at most one hour). */
  chained: boolean;
}

/** An error answer from any console route. */
export interface ConsoleApiError {
  error: string;
  message: string;
  retryable?: boolean;
}

/** What the button's options panel shows for one role (GET /api/console/options). */
export interface ConsoleRoleDetails {
  requireReason: boolean;
  /** "1 hour", "12 hours". */
  sessionLength: string;
  chained: boolean;
  switchRoleUrl: string;
  favourite: boolean;
  /** Regions the destination picker offers (AWS_REGIONS). */
  regions: string[];
  /** The AWS profile `gatehouse configure` writes for this role (lib/cli/profile-name.ts), e.g. gh-api-dev-developer. */
  profileName: string;
}

/** The routes' query string for an account role (and optional destination text). */
export function consoleQuery(accountId: string, roleName: string, destination?: string): string {
  const query = new URLSearchParams({ accountId, roleName });
  if (destination) query.set("destination", destination);
  return query.toString();
}
