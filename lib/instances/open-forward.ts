import "server-only";
import { forwardAuditDestination } from "@/lib/access";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit, type AuditRecord } from "@/lib/audit/record";
import { startSession, type StreamCredentials } from "@/lib/aws/ssm-sessions";
import { checkInstanceAccess, type ForwardTarget } from "./instance-access";
import { startRecordedSession } from "./recorded-session";

// "Forward a port" (AWS-StartPortForwardingSession, …ToRemoteHost) and "SSH" (AWS-StartSSHSession): decided by the
// profile's port-forwarding rules from AWS's view of the instance, audited with the document, host and port (the
// record's destination), then StartSession with that document and its parameters as the person's own target role,
// so IAM decides again on the node and on the document's ARN. The answer is what `gatehouse forward` and
// `gatehouse proxy` open the data channel with (lib/ssm/port-session.ts).

export interface ForwardStream extends StreamCredentials {
  document: ForwardTarget["document"];
  parameters: ForwardTarget["parameters"];
}

export async function openForward({ actor, input }: { actor: Actor; input: ForwardTarget }): Promise<ForwardStream> {
  const { document, parameters } = input;
  const base: Omit<AuditRecord, "outcome"> = {
    action: "forward.open",
    actor,
    accountId: input.accountId,
    region: input.region,
    instanceId: input.instanceId,
    destination: forwardAuditDestination(document, parameters.host, parameters.portNumber),
    reason: input.reason ?? null,
  };
  const target = { accountId: input.accountId, region: input.region, instanceId: input.instanceId, reason: input.reason };
  const access = await checkInstanceAccess(actor, target, {
    document,
    port: parameters.portNumber,
    ...(parameters.host !== undefined ? { host: parameters.host } : {}),
  });
  if (!access.ok) {
    await recordAudit({ ...base, outcome: access.outcome, profileId: access.profileId ?? null, detail: `${access.error.code}: ${access.error.message}` });
    throw access.error;
  }
  const stream = await startRecordedSession({
    actor,
    base,
    access,
    target,
    start: (credentials) =>
      startSession({
        region: input.region,
        credentials,
        instanceId: input.instanceId,
        reason: input.reason ?? undefined,
        documentName: document,
        parameters: {
          portNumber: parameters.portNumber,
          ...(parameters.host !== undefined ? { host: parameters.host } : {}),
          ...(parameters.localPortNumber !== undefined ? { localPortNumber: parameters.localPortNumber } : {}),
        },
      }),
    issuedDetail: `StartSession answered (${document}); stream URL and token handed to the client`,
    forward: { document, remoteHost: parameters.host ?? null, remotePort: parameters.portNumber },
  });
  return { ...stream, document, parameters };
}
