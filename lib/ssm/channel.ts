// A reliable, ordered stream endpoint of the data channel, used by both sides: the browser client
// (role "client": sends input_stream_data) and the sandbox gateway (role "agent": sends
// output_stream_data). Transport-agnostic: frames go out through an attached `send` callback and come
// in through receive(). Sequence and buffer state survive a detach/attach, which is how a reconnect
// after ResumeSession carries on (docs/session-manager-protocol.md: #reconnecting, #sequence-numbers).
import { answerHandshakeRequest, type HandshakeRefusal } from "./client-handshake";
import { systemClock, type Clock } from "./clock";
import { decodeClientMessage, SsmFrameError, type ClientMessage } from "./codec";
import { ActionType, MessageType, PayloadType, RECEIVE_BUFFER_CAPACITY, Retransmission, STREAM_CHUNK_SIZE } from "./constants";
import { Emitter } from "./emitter";
import { encodeAcknowledgeFrame } from "./frames";
import {
  buildHandshakeResponsePayload,
  parseAcknowledgePayload,
  parseChannelClosedPayload,
  parseHandshakeCompletePayload,
  parseHandshakeRequestPayload,
  SsmPayloadError,
} from "./payloads";
import { OutgoingStream } from "./outgoing-stream";

export type ChannelRole = "client" | "agent";
export type ChannelErrorCode = HandshakeRefusal | "resend-limit";

/** A fatal condition: the session cannot continue (the peer or the service will close it). */
export class SsmChannelError extends Error {
  override readonly name = "SsmChannelError";
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface StreamData {
  payloadType: number;
  payload: Uint8Array;
  sequenceNumber: number;
}

export interface ChannelEvents extends Record<string, unknown> {
  /** In-order stream payloads (handshake messages on the client side are handled internally). */
  data: StreamData;
  /** Client: the session is ready for input (first output, or HandshakeComplete). */
  ready: undefined;
  /** Client: the agent's HandshakeRequest, before it is answered (port sessions read the version and properties). */
  handshakeRequest: HandshakeInfo;
  handshakeComplete: { customerMessage: string; timeToCompleteNs: number };
  /** The service sent channel_closed; `output` is the text to show (may be empty). */
  closed: { output: string; sessionId: string };
  error: SsmChannelError;
  /** A frame or payload was malformed and dropped; the channel carries on. */
  frameError: SsmFrameError | SsmPayloadError;
  /** The outgoing buffer fell back below half the high-water mark after sendStream returned false. */
  drain: undefined;
  /** Every sent stream message has been acknowledged. */
  idle: undefined;
}

/** What a HandshakeRequest says about the session (docs/session-manager-protocol.md#handshake). */
export interface HandshakeInfo {
  agentVersion: string;
  /** The SessionType action's SessionType, when there is one. */
  sessionType: string | undefined;
  /** The SessionType action's Properties: the session document's substituted properties. */
  properties: unknown;
}

export interface ChannelOptions {
  role: ChannelRole;
  clock?: Clock;
  /**
   * Drop frames whose PayloadDigest is not the SHA-256 of the payload. Default true, as the plugin does; the agent
   * never checks it (docs/session-manager-protocol.md#validation-on-receive), so an agent stand-in may turn it off.
   */
  verifyDigest?: boolean;
  /** Client role: ClientVersion in the HandshakeResponse. */
  clientVersion?: string;
  /** Client role: SessionType values to accept in a handshake. */
  supportedSessionTypes?: readonly string[];
  /** Out-of-order messages kept; beyond it new ones are dropped unacknowledged (sender resends). */
  receiveBufferCapacity?: number;
  /** Output/StdErr payloads are split into messages of at most this many bytes. */
  maxChunkSize?: number;
  /** sendStream returns false once this many messages await acknowledgement. */
  highWaterMark?: number;
  maxResendAttempts?: number;
}

export interface ChannelSnapshot {
  nextOutgoingSequence: number;
  expectedIncomingSequence: number;
  unacknowledged: number;
  outOfOrder: number;
  rttMs: number;
  rttVarMs: number;
  rtoMs: number;
  ready: boolean;
  closed: boolean;
  attached: boolean;
}

export class DataChannel extends Emitter<ChannelEvents> {
  readonly role: ChannelRole;
  private readonly clock: Clock;
  private readonly outgoingType: string;
  private readonly incomingType: string;
  private readonly options: Required<Omit<ChannelOptions, "clock" | "supportedSessionTypes" | "role" | "verifyDigest">> &
    Pick<ChannelOptions, "supportedSessionTypes">;
  private readonly outgoing: OutgoingStream;
  private readonly outOfOrder = new Map<number, ClientMessage>();
  private readonly readyQueue: { payloadType: number; payload: Uint8Array }[] = [];
  private transport: ((frame: Uint8Array) => void) | null = null;
  private readonly verifyDigest: boolean;
  private expectedSequence = 0;
  private ready: boolean;
  private paused = false;
  private closed = false;

  constructor(options: ChannelOptions) {
    super();
    this.role = options.role;
    this.clock = options.clock ?? systemClock;
    this.verifyDigest = options.verifyDigest ?? true;
    this.outgoingType = this.role === "client" ? MessageType.InputStreamData : MessageType.OutputStreamData;
    this.incomingType = this.role === "client" ? MessageType.OutputStreamData : MessageType.InputStreamData;
    // The agent is the one that speaks first; a client holds input until the shell has shown up.
    this.ready = this.role === "agent";
    this.options = {
      clientVersion: options.clientVersion ?? "1.0.0.0",
      supportedSessionTypes: options.supportedSessionTypes,
      receiveBufferCapacity: options.receiveBufferCapacity ?? RECEIVE_BUFFER_CAPACITY,
      maxChunkSize: options.maxChunkSize ?? STREAM_CHUNK_SIZE,
      highWaterMark: options.highWaterMark ?? 2048,
      maxResendAttempts: options.maxResendAttempts ?? Retransmission.maxResendAttempts,
    };
    this.outgoing = new OutgoingStream({
      clock: this.clock,
      messageType: this.outgoingType,
      synOnFirst: this.role === "agent",
      highWaterMark: this.options.highWaterMark,
      maxResendAttempts: this.options.maxResendAttempts,
      onDrain: () => this.emit("drain", undefined),
      onIdle: () => this.emit("idle", undefined),
      onResendLimit: (seq) => {
        this.close();
        this.emit("error", new SsmChannelError("resend-limit", `message ${seq} was never acknowledged`));
      },
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  snapshot(): ChannelSnapshot {
    return {
      nextOutgoingSequence: this.outgoing.nextSequence,
      expectedIncomingSequence: this.expectedSequence,
      unacknowledged: this.outgoing.unacknowledged,
      outOfOrder: this.outOfOrder.size,
      rttMs: this.outgoing.rto.rttMs,
      rttVarMs: this.outgoing.rto.rttVarMs,
      rtoMs: this.outgoing.rto.rtoMs,
      ready: this.ready,
      closed: this.closed,
      attached: this.transport !== null,
    };
  }

  /** Start sending through `send`; everything still unacknowledged is sent again at once. */
  attachTransport(send: (frame: Uint8Array) => void): void {
    if (this.closed) return;
    this.transport = send;
    this.outgoing.setTransport(send);
  }

  /** Stop sending (socket gone). Outgoing messages keep accumulating until the next attach. */
  detachTransport(): void {
    this.transport = null;
    this.outgoing.setTransport(null);
  }

  /**
   * Queue stream data for reliable, ordered delivery. Output and StdErr are split into chunks.
   * Returns false when the unacknowledged backlog reached the high-water mark (wait for "drain").
   */
  sendStream(payloadType: number, payload: Uint8Array): boolean {
    if (this.closed) return false;
    if (!this.ready) {
      this.readyQueue.push({ payloadType, payload });
      return true;
    }
    const chunked = payloadType === PayloadType.Output || payloadType === PayloadType.StdErr;
    const size = this.options.maxChunkSize;
    if (!chunked || payload.length <= size) return this.outgoing.enqueue(payloadType, payload);
    let belowHighWater = true;
    for (let at = 0; at < payload.length; at += size) {
      belowHighWater = this.outgoing.enqueue(payloadType, payload.subarray(at, at + size));
    }
    return belowHighWater;
  }

  /** Feed one received binary frame. The channel keeps views into it, so do not reuse the buffer. */
  receive(input: Uint8Array | ArrayBuffer): void {
    if (this.closed) return;
    let message: ClientMessage;
    try {
      message = decodeClientMessage(input, { verifyDigest: this.verifyDigest });
    } catch (error) {
      if (error instanceof SsmFrameError) return this.emit("frameError", error);
      throw error;
    }
    switch (message.messageType) {
      case this.incomingType:
        return this.receiveStream(message);
      case MessageType.Acknowledge:
        return this.receiveAcknowledge(message);
      case MessageType.ChannelClosed:
        return this.receiveChannelClosed(message);
      case MessageType.PausePublication:
        // Only the agent pauses; the plugin ignores both publication messages.
        return this.setPaused(this.role === "agent");
      case MessageType.StartPublication:
        return this.setPaused(false);
      default:
        // Unknown types (agent_session_state, newer additions) are ignored, as the plugin does.
        return;
    }
  }

  /** Stop timers and drop all state; later calls are no-ops. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport = null;
    this.outgoing.close();
    this.outOfOrder.clear();
    this.readyQueue.length = 0;
  }

  // ---- receive side --------------------------------------------------------------------------

  private receiveStream(message: ClientMessage): void {
    // The agent resumes publishing on any sign of life from the client.
    if (this.paused) this.setPaused(false);
    const seq = message.sequenceNumber;
    if (seq < this.expectedSequence) return this.acknowledge(message); // duplicate: ack again, drop
    if (seq > this.expectedSequence) {
      if (!this.outOfOrder.has(seq)) {
        // Full buffer: no ack, so the sender retransmits once we have caught up.
        if (this.outOfOrder.size >= this.options.receiveBufferCapacity) return;
        this.outOfOrder.set(seq, message);
      }
      return this.acknowledge(message);
    }
    this.acknowledge(message);
    const inOrder = [message];
    this.expectedSequence++;
    for (let next = this.outOfOrder.get(this.expectedSequence); next; next = this.outOfOrder.get(this.expectedSequence)) {
      this.outOfOrder.delete(this.expectedSequence);
      inOrder.push(next);
      this.expectedSequence++;
    }
    for (const m of inOrder) {
      if (this.closed) return;
      this.process(m);
    }
  }

  private process(message: ClientMessage): void {
    if (this.role === "client") {
      if (message.payloadType === PayloadType.HandshakeRequest) return this.answerHandshake(message);
      if (message.payloadType === PayloadType.HandshakeComplete) return this.completeHandshake(message);
      // Without a handshake the first output message shows that the shell is there (plugin's
      // ProcessFirstMessage).
      if (!this.ready) this.markReady();
    }
    this.emit("data", { payloadType: message.payloadType, payload: message.payload, sequenceNumber: message.sequenceNumber });
  }

  private answerHandshake(message: ClientMessage): void {
    let request;
    try {
      request = parseHandshakeRequestPayload(message.payload);
    } catch (error) {
      if (error instanceof SsmPayloadError) return this.emit("frameError", error);
      throw error;
    }
    const action = request.RequestedClientActions.find((a) => a.ActionType === ActionType.SessionType);
    const parameters = (action?.ActionParameters ?? {}) as { SessionType?: unknown; Properties?: unknown };
    this.emit("handshakeRequest", {
      agentVersion: request.AgentVersion,
      sessionType: typeof parameters.SessionType === "string" ? parameters.SessionType : undefined,
      properties: parameters.Properties ?? null,
    });
    const { response, refusals } = answerHandshakeRequest(request, {
      clientVersion: this.options.clientVersion,
      supportedSessionTypes: this.options.supportedSessionTypes,
    });
    // Bypasses the ready queue: the response is what makes the agent continue.
    this.outgoing.enqueue(PayloadType.HandshakeResponse, buildHandshakeResponsePayload(response));
    for (const refusal of refusals) this.emit("error", new SsmChannelError(refusal.code, refusal.message));
  }

  private completeHandshake(message: ClientMessage): void {
    let complete;
    try {
      complete = parseHandshakeCompletePayload(message.payload);
    } catch (error) {
      if (error instanceof SsmPayloadError) return this.emit("frameError", error);
      throw error;
    }
    this.emit("handshakeComplete", {
      customerMessage: complete.CustomerMessage,
      timeToCompleteNs: complete.HandshakeTimeToComplete,
    });
    if (!this.ready) this.markReady();
  }

  private markReady(): void {
    this.ready = true;
    const queued = this.readyQueue.splice(0);
    for (const item of queued) this.sendStream(item.payloadType, item.payload);
    this.emit("ready", undefined);
  }

  private receiveAcknowledge(message: ClientMessage): void {
    let ack;
    try {
      ack = parseAcknowledgePayload(message.payload);
    } catch (error) {
      if (error instanceof SsmPayloadError) return this.emit("frameError", error);
      throw error;
    }
    if (this.paused) this.setPaused(false);
    if (ack.AcknowledgedMessageType === this.outgoingType) this.outgoing.acknowledge(ack.AcknowledgedMessageSequenceNumber);
  }

  private receiveChannelClosed(message: ClientMessage): void {
    const content = parseChannelClosedPayload(message.payload);
    this.close();
    this.emit("closed", { output: content.Output, sessionId: content.SessionId });
  }

  private acknowledge(message: ClientMessage): void {
    this.transport?.(encodeAcknowledgeFrame(message, this.clock.now()));
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.outgoing.setPaused(paused);
  }
}
