// The answer of "why, and why not" (GET /api/access/explain, the Why page, refusal pages). Isomorphic types only.

export type HopCheck = { from: string; to: string; ok: boolean; message?: string };

export type ScpBlock = { policyId: string; policyName: string; attachedTo: string; statement: string; kind: "deny" | "no-allow"; certain: boolean };

export type ActionCheck = {
  action: string;
  resource: string;
  decision: "allowed" | "explicitDeny" | "implicitDeny";
  /** false: the SCPs on the account's path refuse it (AWS's OrganizationsDecisionDetail). */
  allowedByOrganizations: boolean | null;
  /** The role's identity policies that decided. */
  matchedPolicies: string[];
  /** When the SCPs refuse: which SCP statements (Gatehouse's own reading of the stored SCP texts). */
  scps: ScpBlock[];
};

export type Explanation = {
  person: string;
  /** The request in words ("a shell on i-… in API Dev (444444444444), eu-west-1"). */
  request: string;
  gatehouse: { allowed: boolean; reason: string; profileId: string | null; roleName: string | null; profiles: { id: string; name: string }[] };
  /** AWS's side; null when Gatehouse refuses (AWS is not asked then). */
  aws: null | {
    hops: HopCheck[];
    actions: ActionCheck[];
    /** AWS could not be asked (throttling, no permission to simulate, unreachable): the reason, and whether Retry can help. */
    problem: { message: string; retryable: boolean } | null;
    note: string | null;
  };
  /** One sentence: the whole answer. */
  summary: string;
};
