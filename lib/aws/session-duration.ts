import "server-only";

// How long each hop of a role chain asks for. AWS rules (docs/aws-facts.md#session-durations-and-role-chaining):
// AssumeRole takes 900-43,200 s up to the role's maximum; a session assumed with role credentials ("role chaining")
// is capped at 3,600 s, and asking for more fails.

export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43_200;
export const CHAINED_SESSION_SECONDS = 3_600;

export interface DurationPlan {
  /** Seconds the caller asked for, if any. */
  requested?: number;
  /** The profile's cap (maxSessionSeconds), if it sets one. */
  profileMax?: number;
  /** CONSOLE_SESSION_SECONDS: what Gatehouse asks for when nobody says otherwise. */
  configured: number;
  /** Whether the hop is made with role credentials (then AWS allows at most one hour). */
  chained: boolean;
}

/** DurationSeconds for one AssumeRole hop, always within what AWS will accept for that hop. */
export function planSessionSeconds(plan: DurationPlan): number {
  const wanted = plan.requested ?? plan.profileMax ?? plan.configured;
  const ceiling = Math.min(plan.chained ? CHAINED_SESSION_SECONDS : MAX_SESSION_SECONDS, plan.profileMax ?? MAX_SESSION_SECONDS);
  return Math.max(MIN_SESSION_SECONDS, Math.min(Math.floor(wanted), ceiling));
}
