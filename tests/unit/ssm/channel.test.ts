import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataChannel, type ChannelOptions, type SsmChannelError } from "@/lib/ssm/channel";
import {
  ActionStatus,
  buildHandshakeCompletePayload,
  buildHandshakeRequestPayload,
  decodeClientMessage,
  encodeClientMessage,
  Flag,
  MessageType,
  parseAcknowledgePayload,
  parseHandshakeResponsePayload,
  PayloadType,
  type ClientMessage,
} from "@/lib/ssm/codec";
import { encodeAcknowledgeFrame, encodeChannelClosedFrame, encodePublicationFrame } from "@/lib/ssm/frames";
import { RtoEstimator } from "@/lib/ssm/rto";
import { FakeClock, seededRandom } from "./fake-clock";
import { connectLossy } from "./lossy-link";

const text = (s: string) => new TextEncoder().encode(s);
const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** A channel whose outgoing frames are captured, decoded, for inspection. */
function captured(options: ChannelOptions, clock = new FakeClock()) {
  const channel = new DataChannel({ ...options, clock });
  const sent: ClientMessage[] = [];
  channel.attachTransport((frame) => sent.push(decodeClientMessage(frame)));
  return { channel, sent, clock };
}

function streamFrame(type: string, seq: number, payloadType: number, payload: Uint8Array, clock: FakeClock) {
  return encodeClientMessage({ messageType: type, sequenceNumber: seq, payloadType, payload, createdDate: clock.now() });
}

const acksIn = (sent: ClientMessage[]) => sent.filter((m) => m.messageType === MessageType.Acknowledge).map((m) => parseAcknowledgePayload(m.payload));

describe("delivery over a lossy link", () => {
  function randomChunks(random: () => number, count: number): Uint8Array[] {
    return Array.from({ length: count }, () => {
      const bytes = new Uint8Array(1 + Math.floor(random() * 1500));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return bytes;
    });
  }

  it("delivers both byte streams exactly and in order despite drops, duplicates and reordering", () => {
    const totals = { dropped: 0, duplicated: 0, reordered: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        (seed, drop, duplicate, reorder) => {
          const clock = new FakeClock();
          const client = new DataChannel({ role: "client", clock });
          const agent = new DataChannel({ role: "agent", clock });
          const received = { client: [] as Uint8Array[], agent: [] as Uint8Array[] };
          client.on("data", (d) => received.client.push(d.payload));
          agent.on("data", (d) => received.agent.push(d.payload));
          const stats = connectLossy(clock, client, agent, { drop, duplicate, reorder, seed });

          const random = seededRandom(seed ^ 0x5eed);
          const fromAgent = randomChunks(random, 30);
          const fromClient = randomChunks(random, 20);
          for (const chunk of fromAgent) agent.sendStream(PayloadType.Output, chunk);
          for (const chunk of fromClient) client.sendStream(PayloadType.Output, chunk);
          const want = { client: concat(fromAgent), agent: concat(fromClient) };
          for (let t = 0; t < 600_000; t += 50) {
            clock.advance(50);
            if (client.snapshot().unacknowledged === 0 && agent.snapshot().unacknowledged === 0) break;
          }
          expect(concat(received.client).equals(want.client)).toBe(true);
          expect(concat(received.agent).equals(want.agent)).toBe(true);
          expect(client.snapshot().unacknowledged + agent.snapshot().unacknowledged).toBe(0);
          totals.dropped += stats.dropped;
          totals.duplicated += stats.duplicated;
          totals.reordered += stats.reordered;
        },
      ),
      // A fixed seed: the same 40 lossy links every run, so the totals below cannot flake.
      { numRuns: 40, seed: 20_261_129 },
    );
    // The runs above must actually have lost, doubled and reordered frames to prove anything.
    expect(totals.dropped).toBeGreaterThan(100);
    expect(totals.duplicated).toBeGreaterThan(100);
    expect(totals.reordered).toBeGreaterThan(100);
  });
});

describe("sending", () => {
  it("numbers stream messages from 0; only the agent's first carries SYN", () => {
    const agent = captured({ role: "agent" });
    agent.channel.sendStream(PayloadType.Output, text("a"));
    agent.channel.sendStream(PayloadType.Output, text("b"));
    expect(agent.sent.map((m) => [m.messageType, m.sequenceNumber, m.flags])).toEqual([
      ["output_stream_data", 0, Flag.Syn],
      ["output_stream_data", 1, 0],
    ]);
    const client = captured({ role: "client" });
    client.channel.receive(streamFrame(MessageType.OutputStreamData, 0, PayloadType.Output, text("$ "), client.clock));
    client.channel.sendStream(PayloadType.Output, text("x"));
    const input = client.sent.filter((m) => m.messageType === MessageType.InputStreamData);
    expect(input.map((m) => [m.sequenceNumber, m.flags, m.payloadType])).toEqual([[0, 0, PayloadType.Output]]);
  });

  it("splits output into 1024-byte messages but never splits a Size payload", () => {
    const { channel, sent } = captured({ role: "agent" });
    channel.sendStream(PayloadType.Output, new Uint8Array(2500));
    expect(sent.map((m) => m.payload.length)).toEqual([1024, 1024, 452]);
    channel.sendStream(PayloadType.Size, new Uint8Array(2000));
    expect(sent.at(-1)!.payload.length).toBe(2000);
  });

  it("resends only the oldest unacknowledged message, once RTO (200 ms initially) has passed", () => {
    const { channel, sent, clock } = captured({ role: "agent" });
    for (const s of ["a", "b", "c"]) channel.sendStream(PayloadType.Output, text(s));
    clock.advance(200);
    expect(sent).toHaveLength(3);
    clock.advance(100); // tick at 300 ms: 300 > 200
    expect(sent.map((m) => m.sequenceNumber)).toEqual([0, 1, 2, 0]);
    channel.receive(encodeAcknowledgeFrame({ messageType: "output_stream_data", messageId: sent[0]!.messageId, sequenceNumber: 0 }, clock.now()));
    clock.advance(300);
    expect(sent.slice(4).map((m) => m.sequenceNumber)).toEqual([1]);
    expect(sent[3]!.messageId).toBe(sent[0]!.messageId);
  });

  it("stops its timer once everything is acknowledged", () => {
    const { channel, sent, clock } = captured({ role: "agent" });
    channel.sendStream(PayloadType.Output, text("a"));
    expect(clock.activeIntervals).toBe(1);
    channel.receive(encodeAcknowledgeFrame({ ...sent[0]! }, clock.now()));
    expect(clock.activeIntervals).toBe(0);
  });

  it("gives up with a resend-limit error after maxResendAttempts", () => {
    const { channel, clock } = captured({ role: "agent", maxResendAttempts: 3 });
    const errors: SsmChannelError[] = [];
    channel.on("error", (e) => errors.push(e));
    channel.sendStream(PayloadType.Output, text("a"));
    clock.advance(5_000);
    expect(errors.map((e) => e.code)).toEqual(["resend-limit"]);
    expect(channel.isClosed).toBe(true);
  });

  it("holds frames while detached and sends every unacknowledged one at once on re-attach", () => {
    const { channel, sent } = captured({ role: "agent" });
    channel.sendStream(PayloadType.Output, text("a"));
    channel.detachTransport();
    channel.sendStream(PayloadType.Output, text("b"));
    channel.sendStream(PayloadType.Output, text("c"));
    expect(sent).toHaveLength(1);
    const second: ClientMessage[] = [];
    channel.attachTransport((f) => second.push(decodeClientMessage(f)));
    expect(second.map((m) => m.sequenceNumber)).toEqual([0, 1, 2]);
  });

  it("reports backpressure at the high-water mark and drains below half of it", () => {
    const { channel, sent } = captured({ role: "agent", highWaterMark: 4 });
    const results = [1, 2, 3, 4].map(() => channel.sendStream(PayloadType.Output, text("x")));
    expect(results).toEqual([true, true, true, false]);
    let drained = 0;
    channel.on("drain", () => drained++);
    channel.receive(encodeAcknowledgeFrame(sent[0]!));
    expect(drained).toBe(0);
    channel.receive(encodeAcknowledgeFrame(sent[1]!));
    expect(drained).toBe(1);
  });

  it("agent: pause_publication holds output until start_publication", () => {
    const { channel, sent } = captured({ role: "agent" });
    channel.receive(encodePublicationFrame(false));
    channel.sendStream(PayloadType.Output, text("held"));
    expect(sent).toHaveLength(0);
    channel.receive(encodePublicationFrame(true));
    expect(sent.map((m) => new TextDecoder().decode(m.payload))).toEqual(["held"]);
  });
});

describe("RTO", () => {
  it("follows RTTVAR = 3/4 RTTVAR + 1/4 |RTT - s|, RTT = 7/8 RTT + 1/8 s, RTO = RTT + max(10, 4 RTTVAR) <= 1000", () => {
    const rto = new RtoEstimator();
    expect([rto.rttMs, rto.rttVarMs, rto.rtoMs]).toEqual([100, 0, 200]);
    expect(rto.addSample(100)).toBe(110);
    expect(rto.addSample(300)).toBe(325);
    expect([rto.rttMs, rto.rttVarMs]).toEqual([125, 50]);
    expect(rto.addSample(10_000)).toBe(1000);
  });

  it("takes the sample from a first transmission's acknowledgement, not from a retransmitted one", () => {
    const { channel, sent, clock } = captured({ role: "agent" });
    channel.sendStream(PayloadType.Output, text("a"));
    clock.advance(40);
    channel.receive(encodeAcknowledgeFrame(sent[0]!, clock.now()));
    expect(channel.snapshot()).toMatchObject({ rttMs: 92.5, rttVarMs: 15, rtoMs: 152.5 });
    channel.sendStream(PayloadType.Output, text("b"));
    clock.advance(300); // retransmitted once
    channel.receive(encodeAcknowledgeFrame(sent.at(-1)!, clock.now()));
    expect(channel.snapshot()).toMatchObject({ rttMs: 92.5, rtoMs: 152.5, unacknowledged: 0 });
  });
});

describe("receiving", () => {
  const input = (seq: number, s: string, clock: FakeClock) => streamFrame(MessageType.InputStreamData, seq, PayloadType.Output, text(s), clock);

  it("acknowledges duplicates and old messages again but delivers each once, in order", () => {
    const { channel, sent, clock } = captured({ role: "agent" });
    const got: string[] = [];
    channel.on("data", (d) => got.push(new TextDecoder().decode(d.payload)));
    const f1 = input(1, "b", clock);
    const f0 = input(0, "a", clock);
    channel.receive(f1); // early: buffered and acked
    channel.receive(f1); // duplicate of a buffered one
    channel.receive(f0);
    channel.receive(f0); // old
    expect(got).toEqual(["a", "b"]);
    const acks = acksIn(sent);
    expect(acks.map((a) => a.AcknowledgedMessageSequenceNumber)).toEqual([1, 1, 0, 0]);
    expect(acks[2]).toEqual({
      AcknowledgedMessageType: "input_stream_data",
      AcknowledgedMessageId: decodeClientMessage(f0).messageId,
      AcknowledgedMessageSequenceNumber: 0,
      IsSequentialMessage: true,
    });
    const ackFrame = sent.find((m) => m.messageType === MessageType.Acknowledge)!;
    expect([ackFrame.sequenceNumber, ackFrame.flags, ackFrame.payloadType]).toEqual([0, 3, 0]);
  });

  it("drops out-of-order messages beyond its capacity without acknowledging them", () => {
    const { channel, sent, clock } = captured({ role: "agent", receiveBufferCapacity: 2 });
    for (const seq of [1, 2, 3]) channel.receive(input(seq, "x", clock));
    expect(acksIn(sent).map((a) => a.AcknowledgedMessageSequenceNumber)).toEqual([1, 2]);
  });

  it("ignores unknown message types and reports malformed frames without stopping", () => {
    const { channel, sent, clock } = captured({ role: "agent" });
    const problems: string[] = [];
    channel.on("frameError", (e) => problems.push(e.name));
    channel.receive(encodeClientMessage({ messageType: MessageType.AgentSessionState, payload: text("{}") }));
    const bad = input(0, "a", clock);
    bad[120] = bad[120]! ^ 1;
    channel.receive(bad);
    expect(problems).toEqual(["SsmFrameError"]);
    channel.receive(input(0, "a", clock));
    expect(acksIn(sent)).toHaveLength(1);
  });

  it("turns channel_closed into a closed event with its Output and then goes quiet", () => {
    const { channel, sent, clock } = captured({ role: "client" });
    const closed: { output: string; sessionId: string }[] = [];
    channel.on("closed", (c) => closed.push(c));
    channel.receive(encodeChannelClosedFrame({ sessionId: "dana-0123456789abcdef0", output: "Session terminated." }));
    expect(closed).toEqual([{ output: "Session terminated.", sessionId: "dana-0123456789abcdef0" }]);
    expect(channel.sendStream(PayloadType.Output, text("x"))).toBe(false);
    channel.receive(streamFrame(MessageType.OutputStreamData, 0, PayloadType.Output, text("late"), clock));
    expect(sent).toHaveLength(0);
    expect(clock.activeIntervals).toBe(0);
  });
});

describe("client handshake", () => {
  const request = (clock: FakeClock, kms = false) =>
    streamFrame(
      MessageType.OutputStreamData,
      0,
      PayloadType.HandshakeRequest,
      buildHandshakeRequestPayload({
        agentVersion: "3.3.0.0",
        kms: kms ? { kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/x", challenge: "AAAAAAAAAAAAAAAAAAAAAA==" } : undefined,
      }),
      clock,
    );

  it("answers a Standard_Stream request with success and holds input until HandshakeComplete", () => {
    const { channel, sent, clock } = captured({ role: "client", clientVersion: "1.2.3.4" });
    const notices: string[] = [];
    channel.on("handshakeComplete", (h) => notices.push(h.customerMessage));
    channel.sendStream(PayloadType.Size, text('{"cols":80,"rows":24}'));
    channel.receive(request(clock));
    const stream = () => sent.filter((m) => m.messageType === MessageType.InputStreamData);
    expect(stream()).toHaveLength(1);
    const response = stream()[0]!;
    expect([response.sequenceNumber, response.payloadType, response.flags]).toEqual([0, PayloadType.HandshakeResponse, 0]);
    expect(parseHandshakeResponsePayload(response.payload)).toEqual({
      ClientVersion: "1.2.3.4",
      ProcessedClientActions: [{ ActionType: "SessionType", ActionStatus: ActionStatus.Success, ActionResult: null, Error: "" }],
      Errors: [],
    });
    expect(channel.isReady).toBe(false);
    channel.receive(
      streamFrame(
        MessageType.OutputStreamData,
        1,
        PayloadType.HandshakeComplete,
        buildHandshakeCompletePayload({ timeToCompleteNs: 5e6, customerMessage: "Welcome" }),
        clock,
      ),
    );
    expect(notices).toEqual(["Welcome"]);
    expect(channel.isReady).toBe(true);
    expect(stream().map((m) => [m.sequenceNumber, m.payloadType])).toEqual([
      [0, PayloadType.HandshakeResponse],
      [1, PayloadType.Size],
    ]);
  });

  it("refuses KMS encryption with status 3 and a clear error", () => {
    const { channel, sent, clock } = captured({ role: "client" });
    const errors: SsmChannelError[] = [];
    channel.on("error", (e) => errors.push(e));
    channel.receive(request(clock, true));
    const response = sent.find((m) => m.payloadType === PayloadType.HandshakeResponse)!;
    const body = parseHandshakeResponsePayload(response.payload);
    expect(body.ProcessedClientActions.map((a) => [a.ActionType, a.ActionStatus])).toEqual([
      ["KMSEncryption", ActionStatus.Unsupported],
      ["SessionType", ActionStatus.Success],
    ]);
    expect(body.Errors).toHaveLength(1);
    expect(errors.map((e) => e.code)).toEqual(["kms-unsupported"]);
    expect(errors[0]!.message).toMatch(/KMS encryption is not supported/);
  });

  it("without a handshake becomes ready on the first output and passes it on", () => {
    const { channel, clock } = captured({ role: "client" });
    const got: string[] = [];
    channel.on("data", (d) => got.push(new TextDecoder().decode(d.payload)));
    expect(channel.isReady).toBe(false);
    channel.receive(streamFrame(MessageType.OutputStreamData, 0, PayloadType.Output, text("i-0b$ "), clock));
    expect(channel.isReady).toBe(true);
    expect(got).toEqual(["i-0b$ "]);
  });
});
