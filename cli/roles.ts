// The roles the signed-in person may use, as GET /api/v1/roles answers them.
import type { CliRole } from "@/lib/cli/cli-api";
import { profileNameFor } from "@/lib/cli/profile-name";
import { callJson } from "./api";
import type { CliContext } from "./context";
import { CliError } from "./errors";
import type { StoredSession } from "./session-store";

/** One entry of GET /api/v1/roles (lib/cli/cli-api.ts); older servers may leave out the optional fields. */
export type PermittedRole = Pick<CliRole, "accountId" | "accountName" | "roleName" | "profileName"> & Partial<Pick<CliRole, "profileId" | "requireReason">>;

export async function listRoles(ctx: CliContext, session: StoredSession, term?: string): Promise<PermittedRole[]> {
  const query = term ? `?${new URLSearchParams({ q: term })}` : "";
  const { body } = await callJson<{ roles?: unknown }>(ctx, session.url, "GET", `/api/v1/roles${query}`, { token: session.token });
  if (!Array.isArray(body.roles)) throw new CliError("Gatehouse's list of roles is not one this program can read: is Gatehouse up to date?");
  return (body.roles as Array<Partial<PermittedRole>>)
    .filter((r): r is PermittedRole => typeof r.accountId === "string" && typeof r.roleName === "string")
    .map((r) => ({ ...r, accountName: r.accountName ?? r.accountId, profileName: r.profileName ?? profileNameFor(r.accountName ?? r.accountId, r.roleName) }));
}
