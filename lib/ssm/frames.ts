// Whole frames for the non-stream messages, with the header values the Go implementations use.
import { encodeClientMessage, type ClientMessage } from "./codec";
import { Flag, MessageType, PayloadType } from "./constants";
import { buildAcknowledgePayload, buildChannelClosedPayload } from "./payloads";

/**
 * Acknowledge `acked`: SequenceNumber 0, Flags 3, PayloadType 0 (docs/session-manager-protocol.md#acknowledgements).
 * The payload quotes the acknowledged message's type, id and sequence number.
 */
export function encodeAcknowledgeFrame(acked: Pick<ClientMessage, "messageType" | "messageId" | "sequenceNumber">, createdDate?: number): Uint8Array {
  return encodeClientMessage({
    messageType: MessageType.Acknowledge,
    sequenceNumber: 0,
    flags: Flag.SynFin,
    payloadType: PayloadType.None,
    payload: buildAcknowledgePayload(acked),
    createdDate,
  });
}

/** The service's channel_closed message: SequenceNumber 0, Flags 3 (docs/session-manager-protocol.md#closing-the-channel). */
export function encodeChannelClosedFrame(input: { sessionId: string; output?: string; createdDate?: number }): Uint8Array {
  const createdDate = input.createdDate ?? Date.now();
  return encodeClientMessage({
    messageType: MessageType.ChannelClosed,
    sequenceNumber: 0,
    flags: Flag.SynFin,
    payloadType: PayloadType.None,
    payload: buildChannelClosedPayload({ sessionId: input.sessionId, output: input.output, createdDate: new Date(createdDate) }),
    createdDate,
  });
}

/** start_publication / pause_publication as the service sends them (no payload). */
export function encodePublicationFrame(active: boolean, createdDate?: number): Uint8Array {
  return encodeClientMessage({
    messageType: active ? MessageType.StartPublication : MessageType.PausePublication,
    sequenceNumber: 0,
    flags: Flag.SynFin,
    createdDate,
  });
}
