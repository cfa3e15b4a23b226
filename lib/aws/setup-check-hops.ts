import "server-only";
import { assumeRoleHop } from "@/lib/aws/assume-role-hop";
import { getBroker, resolveBrokerPrincipal } from "@/lib/aws/broker-credentials";
import type { Credentials } from "@/lib/aws/clients";
import { describeAwsFault } from "@/lib/aws/errors";
import { RoleChainError } from "@/lib/aws/role-chain-error";

// The setup check's AWS calls: each hop of a profile's chain tried with the shortest session AWS allows (900 s) and
// the same source identity and session tags the real chain sends (lib/aws/role-chain.ts). The credentials never
// leave this module: a probe only says whether the next hop worked, and is dropped after the check.

/** The shortest session AssumeRole accepts (docs/iam-templates.md). */
const SHORT_SESSION_SECONDS = 900;

/** `refused`: AWS said no (a trust or permission policy); otherwise the hop could not be tried (throttled, unreachable…). */
export type HopOutcome = { ok: true } | { ok: false; refused: boolean; principal: string; code: string; message: string };

export interface CustodianProbe {
  /** Tries AssumeRole from the Custodian session into `roleArn`; the credentials are discarded. */
  tryTarget(roleArn: string): Promise<HopOutcome>;
}

export interface ProbeIdentity {
  sessionName: string;
  tags: Record<string, string>;
}

function failure(error: unknown, principal: string): HopOutcome & { ok: false } {
  const cause = (error instanceof RoleChainError ? error.cause : error) as { name?: string; Code?: string; message?: string } | undefined;
  const fault = describeAwsFault(cause, "trying the hop");
  const code = fault.code ?? cause?.Code ?? cause?.name ?? "Error";
  const refused = fault.kind === "access-denied";
  const message = refused ? String(cause?.message ?? "access denied") : fault.message;
  return { ok: false, refused, principal, code, message: message.slice(0, 500) };
}

/** Hop 1, broker → Custodian role. BROKER_MODE keys or role only (web identity needs a person's Google token). */
export async function probeCustodian(custodianRoleArn: string, identity: ProbeIdentity): Promise<{ hop: HopOutcome; probe?: CustodianProbe }> {
  let broker;
  try {
    broker = await getBroker();
  } catch (error) {
    return { hop: failure(error, "Gatehouse's own credentials (the SDK default chain)") };
  }
  let credentials: Credentials;
  try {
    const session = await assumeRoleHop({
      caller: broker.credentials,
      principal: broker.principal,
      callerIsRole: broker.isRole,
      roleArn: custodianRoleArn,
      sessionName: identity.sessionName,
      durationSeconds: SHORT_SESSION_SECONDS,
      sourceIdentity: identity.sessionName,
      tags: identity.tags,
    });
    credentials = session.credentials;
  } catch (error) {
    const principal = broker.isRole ? broker.principal : ((await resolveBrokerPrincipal()) ?? broker.principal);
    return { hop: failure(error, principal) };
  }
  const probe: CustodianProbe = {
    async tryTarget(roleArn) {
      try {
        // Source identity and the transitive tags are inherited from the Custodian session, as in the real chain.
        await assumeRoleHop({
          caller: credentials,
          principal: custodianRoleArn,
          callerIsRole: true,
          roleArn,
          sessionName: identity.sessionName,
          durationSeconds: SHORT_SESSION_SECONDS,
        });
        return { ok: true };
      } catch (error) {
        return failure(error, custodianRoleArn);
      }
    },
  };
  return { hop: { ok: true }, probe };
}
