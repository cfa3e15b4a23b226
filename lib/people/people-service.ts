import "server-only";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { revokeSessionsOf } from "@/lib/actor/auth-sessions";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";

// The People page: everyone who has signed in, with their live sign-in sessions, and "End all sessions" for an
// administrator (someone who left the company, a lost laptop). Administrators only, decided by decide().

export interface PersonRow {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  lastSignInAt: string;
  liveSessions: number;
}

async function requireAdmin(actor: Actor): Promise<{ profileId: string }> {
  const decision = decide(subjectOf(actor), { action: "admin:people" }, { policy: await getAccessPolicy() });
  if (!decision.allowed) throw new ServiceError("not-admin", decision.reason);
  return { profileId: decision.profile.id };
}

export async function listPeople({ actor }: { actor: Actor }): Promise<PersonRow[]> {
  await requireAdmin(actor);
  const db = getDb();
  const [users, live] = await Promise.all([
    db.user.findMany({ orderBy: { lastSignInAt: "desc" }, take: 500, select: { sub: true, email: true, name: true, groups: true, lastSignInAt: true } }),
    db.authSession.groupBy({ by: ["userSub"], where: { revokedAt: null, expiresAt: { gt: new Date() } }, _count: { _all: true } }),
  ]);
  const counts = new Map(live.map((row) => [row.userSub, row._count._all]));
  return users.map((user) => ({ ...user, lastSignInAt: user.lastSignInAt.toISOString(), liveSessions: counts.get(user.sub) ?? 0 }));
}

/** Ends every browser session and command-line token of one person, at once, on every Gatehouse instance. */
export async function endSessionsOf({ actor, input }: { actor: Actor; input: { sub: string } }): Promise<{ sub: string; ended: number }> {
  let admin: { profileId: string };
  try {
    admin = await requireAdmin(actor);
  } catch (error) {
    if (error instanceof ServiceError)
      await recordAudit({ action: "auth.revoke", outcome: "denied", actor, detail: `${error.code}: ${error.message} (target ${input.sub})` });
    throw error;
  }
  const person = await getDb().user.findUnique({ where: { sub: input.sub }, select: { email: true } });
  if (!person) {
    await recordAudit({ action: "auth.revoke", outcome: "denied", actor, detail: `not-found: nobody with id ${input.sub} has signed in` });
    throw new ServiceError("not-found", "Nobody with that id has signed in to Gatehouse.");
  }
  // On record before it takes effect, like everything an administrator does to someone else.
  await recordAudit({
    action: "auth.revoke",
    outcome: "allowed",
    actor,
    profileId: admin.profileId,
    detail: `ending every session of ${person.email} (${input.sub})`,
  });
  const ended = await revokeSessionsOf(input.sub, actor.email);
  return { sub: input.sub, ended };
}

/** Whether the People page is for this person (the navigation shows it to administrators only). */
export async function mayAdministerPeople(actor: Actor): Promise<boolean> {
  return decide(subjectOf(actor), { action: "admin:people" }, { policy: await getAccessPolicy() }).allowed;
}
