import "server-only";
import { decide } from "@/lib/access";
import { getCurrentPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";
import { listAccounts } from "@/lib/org/accounts";
import type { MatrixStamp } from "./export-format";
import type { AccessFilters } from "./filters";
import { computeAccessMatrix, type AccessMatrix } from "./matrix";
import { readMatrixPeople, type MatrixPeople } from "./people-source";

// "Who can reach what" for administrators: the matrix for the current profiles, the stored organization tree and the
// people the group source knows (with where they came from: peopleSource, peopleNote), filtered; stamped with the profile version. Administrators only, decided by decide().

export type AccessMatrixResult = MatrixStamp & { filters: AccessFilters; serverMs: number } & AccessMatrix & Omit<MatrixPeople, "people">;

export async function getAccessMatrix({ actor, input }: { actor: Actor; input: AccessFilters }): Promise<AccessMatrixResult> {
  const { policy, version, sha256 } = await getCurrentPolicy();
  const decision = decide(subjectOf(actor), { action: "admin:access" }, { policy });
  if (!decision.allowed) throw new ServiceError("not-admin", decision.reason);
  const [{ people, ...peopleOrigin }, accounts] = await Promise.all([readMatrixPeople(policy), listAccounts()]);
  const started = performance.now();
  const matrix = computeAccessMatrix({ people, policy, accounts, filters: input });
  const serverMs = performance.now() - started;
  // The stored version number, and its text's SHA-256 to tie an export to the exact text (gatehouse policy show).
  const profileVersion = `${version} (sha256:${sha256})`;
  return { profileVersion, generatedAt: new Date().toISOString(), filters: input, serverMs, ...peopleOrigin, ...matrix };
}
