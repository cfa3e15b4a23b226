import "server-only";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import { listAccounts } from "@/lib/org/accounts";
import type { MatrixStamp } from "./export-format";
import type { AccessFilters } from "./filters";
import { computeAccessMatrix, type AccessMatrix } from "./matrix";
import { listMatrixPeople } from "./people-source";

// "Who can reach what" for administrators: the matrix for the current profiles, the stored organization tree and the
// people the group source knows, filtered; stamped with the profile version. Administrators only, decided by decide().

export type AccessMatrixResult = MatrixStamp & { filters: AccessFilters; serverMs: number } & AccessMatrix;

export async function getAccessMatrix({ actor, input }: { actor: Actor; input: AccessFilters }): Promise<AccessMatrixResult> {
  const policy = await getAccessPolicy();
  const decision = decide(subjectOf(actor), { action: "admin:access" }, { policy });
  if (!decision.allowed) throw new ServiceError("not-admin", decision.reason);
  const [people, accounts, document] = await Promise.all([
    listMatrixPeople(),
    listAccounts(),
    getDb().accessPolicyDocument.findUnique({ where: { id: "current" }, select: { sha256: true } }),
  ]);
  const started = performance.now();
  const matrix = computeAccessMatrix({ people, policy, accounts, filters: input });
  const serverMs = performance.now() - started;
  // No stored profile versions yet: the SHA-256 of the stored profile file's text stands in for the version.
  const profileVersion = document ? `sha256:${document.sha256}` : "none";
  return { profileVersion, generatedAt: new Date().toISOString(), filters: input, serverMs, ...matrix };
}
