// The client's answer to an agent HandshakeRequest (docs/session-manager-protocol.md#handshake). This client
// speaks plain shells only: it accepts the SessionType action for terminal-like session types and refuses KMS
// encryption as unsupported (status 3), after which the agent cancels the session.
import { ActionStatus, ActionType, SessionTypeName } from "./constants";
import type { HandshakeRequestContent, HandshakeResponseContent, ProcessedClientAction } from "./payloads";

export type HandshakeRefusal = "kms-unsupported" | "session-type-unsupported" | "action-unsupported";

export interface HandshakeAnswer {
  response: HandshakeResponseContent;
  /** Why the session cannot go on; empty when every action succeeded. */
  refusals: { code: HandshakeRefusal; message: string }[];
}

export const DEFAULT_SUPPORTED_SESSION_TYPES: readonly string[] = [SessionTypeName.StandardStream, SessionTypeName.InteractiveCommands];

function sessionTypeOf(parameters: unknown): string | undefined {
  if (typeof parameters !== "object" || parameters === null) return undefined;
  const value = (parameters as Record<string, unknown>).SessionType;
  return typeof value === "string" ? value : undefined;
}

export function answerHandshakeRequest(
  request: HandshakeRequestContent,
  options: { clientVersion: string; supportedSessionTypes?: readonly string[] },
): HandshakeAnswer {
  const supported = options.supportedSessionTypes ?? DEFAULT_SUPPORTED_SESSION_TYPES;
  const refusals: HandshakeAnswer["refusals"] = [];
  const processed: ProcessedClientAction[] = request.RequestedClientActions.map((action) => {
    if (action.ActionType === ActionType.SessionType) {
      const sessionType = sessionTypeOf(action.ActionParameters);
      if (sessionType !== undefined && supported.includes(sessionType)) {
        return { ActionType: action.ActionType, ActionStatus: ActionStatus.Success, ActionResult: null, Error: "" };
      }
      const message = `Session type ${sessionType ?? "(missing)"} is not supported by this client`;
      refusals.push({ code: "session-type-unsupported", message });
      return { ActionType: action.ActionType, ActionStatus: ActionStatus.Unsupported, ActionResult: null, Error: message };
    }
    if (action.ActionType === ActionType.KMSEncryption) {
      const message = "KMS encryption is not supported by this client; turn off KMS encryption in the Session Manager preferences";
      refusals.push({ code: "kms-unsupported", message });
      return { ActionType: action.ActionType, ActionStatus: ActionStatus.Unsupported, ActionResult: null, Error: message };
    }
    const message = `Unsupported action ${action.ActionType}`;
    refusals.push({ code: "action-unsupported", message });
    return { ActionType: action.ActionType, ActionStatus: ActionStatus.Unsupported, ActionResult: null, Error: message };
  });
  return {
    response: {
      ClientVersion: options.clientVersion,
      ProcessedClientActions: processed,
      Errors: refusals.map((r) => r.message),
    },
    refusals,
  };
}
