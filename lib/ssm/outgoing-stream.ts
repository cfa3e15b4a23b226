// The sending half of a data-channel endpoint: sequence numbering, the buffer of unacknowledged
// messages, and retransmission of the oldest one once RTO has passed
// (docs/session-manager-protocol.md#retransmission).
import type { Clock, TimerHandle } from "./clock";
import { encodeClientMessage } from "./codec";
import { Flag, Retransmission } from "./constants";
import { RtoEstimator } from "./rto";

interface OutgoingEntry {
  sequenceNumber: number;
  frame: Uint8Array;
  sent: boolean;
  lastSentAt: number;
  retransmitted: boolean;
  resends: number;
}

export interface OutgoingStreamOptions {
  clock: Clock;
  /** input_stream_data (client) or output_stream_data (agent). */
  messageType: string;
  /** The agent marks its first message SYN; the plugin always sends Flags 0. */
  synOnFirst: boolean;
  highWaterMark: number;
  maxResendAttempts: number;
  onDrain: () => void;
  onIdle: () => void;
  onResendLimit: (sequenceNumber: number) => void;
}

export class OutgoingStream {
  readonly rto = new RtoEstimator();
  private readonly entries = new Map<number, OutgoingEntry>(); // insertion order = sequence order
  private transport: ((frame: Uint8Array) => void) | null = null;
  private timer: TimerHandle | null = null;
  private next = 0;
  private paused = false;
  private closed = false;
  private aboveHighWater = false;

  constructor(private readonly options: OutgoingStreamOptions) {}

  get nextSequence(): number {
    return this.next;
  }
  get unacknowledged(): number {
    return this.entries.size;
  }
  get attached(): boolean {
    return this.transport !== null;
  }

  /**
   * Send through `send` from now on (null: socket gone, keep buffering). On attach everything still
   * unacknowledged is sent at once: the old socket's in-flight frames are lost, and resending only
   * the oldest one per tick would stall the stream for seconds. The receiver drops duplicates.
   */
  setTransport(send: ((frame: Uint8Array) => void) | null): void {
    if (this.closed) return;
    this.transport = send;
    if (send && !this.paused) for (const entry of [...this.entries.values()]) this.transmit(entry);
  }

  /** Number, encode and (if possible) send one stream message. False once at the high-water mark. */
  enqueue(payloadType: number, payload: Uint8Array): boolean {
    if (this.closed) return false;
    const sequenceNumber = this.next++;
    const frame = encodeClientMessage({
      messageType: this.options.messageType,
      sequenceNumber,
      flags: this.options.synOnFirst && sequenceNumber === 0 ? Flag.Syn : Flag.None,
      payloadType,
      payload,
      createdDate: this.options.clock.now(),
    });
    const entry: OutgoingEntry = { sequenceNumber, frame, sent: false, lastSentAt: 0, retransmitted: false, resends: 0 };
    this.entries.set(sequenceNumber, entry);
    if (this.transport && !this.paused) this.transmit(entry);
    this.startTimer();
    if (this.entries.size >= this.options.highWaterMark) this.aboveHighWater = true;
    return !this.aboveHighWater;
  }

  /** An acknowledge for `sequenceNumber` arrived. */
  acknowledge(sequenceNumber: number): void {
    const entry = this.entries.get(sequenceNumber);
    if (!entry) return;
    // Karn's rule: a retransmitted message's ack cannot tell which copy it answers, so no RTT sample.
    if (entry.sent && !entry.retransmitted) this.rto.addSample(this.options.clock.now() - entry.lastSentAt);
    this.entries.delete(sequenceNumber);
    if (this.aboveHighWater && this.entries.size <= this.options.highWaterMark / 2) {
      this.aboveHighWater = false;
      this.options.onDrain();
    }
    if (this.entries.size === 0) {
      this.stopTimer();
      this.options.onIdle();
    }
  }

  /** pause_publication / start_publication (agent side). */
  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    // Messages queued while paused were never sent; send them now rather than one per resend tick.
    if (!paused && this.transport) for (const entry of [...this.entries.values()]) if (!entry.sent) this.transmit(entry);
  }

  close(): void {
    this.closed = true;
    this.stopTimer();
    this.transport = null;
    this.entries.clear();
  }

  private transmit(entry: OutgoingEntry): void {
    if (entry.sent) entry.retransmitted = true;
    entry.sent = true;
    entry.lastSentAt = this.options.clock.now();
    this.transport?.(entry.frame);
  }

  private startTimer(): void {
    if (this.timer === null && !this.closed) {
      this.timer = this.options.clock.setInterval(() => this.resendOldest(), Retransmission.resendIntervalMs);
    }
  }

  private stopTimer(): void {
    if (this.timer !== null) this.options.clock.clearInterval(this.timer);
    this.timer = null;
  }

  /** Every 100 ms: resend the oldest unacknowledged message once RTO has passed since it was sent. */
  private resendOldest(): void {
    if (!this.transport || this.paused) return;
    const oldest = this.entries.values().next().value;
    if (!oldest) return this.stopTimer();
    if (!oldest.sent || this.options.clock.now() - oldest.lastSentAt <= this.rto.rtoMs) return;
    if (++oldest.resends > this.options.maxResendAttempts) {
      this.close();
      this.options.onResendLimit(oldest.sequenceNumber);
      return;
    }
    this.transmit(oldest);
  }
}
