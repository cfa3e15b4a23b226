import "server-only";
import type { Subject } from "@/lib/access";

// The signed-in person as the instance and shell services need them: who they are for the access rules (subject)
// and for the role chain (sub, email and, with BROKER_MODE=web-identity, their Google ID token). Reading them from
// the request is in current-acting-user.ts, so these services load without next-auth (tests, benchmarks).

export interface ActingUser {
  sub: string;
  email: string;
  groups: string[];
  idToken?: string | null;
}

export const toSubject = (user: ActingUser): Subject => ({ sub: user.sub, email: user.email, groups: user.groups });
export const toChainUser = (user: ActingUser) => ({ sub: user.sub, email: user.email, idToken: user.idToken ?? null });
