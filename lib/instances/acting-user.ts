import "server-only";
import type { Subject } from "@/lib/access";
import { readSessionIdToken } from "@/lib/aws/session-id-token";
import { getCurrentUser } from "@/lib/auth/current-user";

// The signed-in person as the instance and shell services need them: who they are for the access rules (subject)
// and for the role chain (sub, email and, with BROKER_MODE=web-identity, their Google ID token).

export interface ActingUser {
  sub: string;
  email: string;
  groups: string[];
  idToken?: string | null;
}

export const toSubject = (user: ActingUser): Subject => ({ sub: user.sub, email: user.email, groups: user.groups });
export const toChainUser = (user: ActingUser) => ({ sub: user.sub, email: user.email, idToken: user.idToken ?? null });

/** The current request's user, or null when nobody (or an expired sign-in) is there. */
export async function getActingUser(): Promise<ActingUser | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  const idToken = await readSessionIdToken();
  return { sub: user.sub, email: user.email, groups: user.groups, ...(idToken ? { idToken } : {}) };
}
