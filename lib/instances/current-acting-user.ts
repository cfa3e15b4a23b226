import "server-only";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readSessionIdToken } from "@/lib/aws/session-id-token";
import type { ActingUser } from "./acting-user";

/** The current request's user, or null when nobody (or an expired sign-in) is there. */
export async function getActingUser(): Promise<ActingUser | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  const idToken = await readSessionIdToken();
  return { sub: user.sub, email: user.email, groups: user.groups, ...(idToken ? { idToken } : {}) };
}
