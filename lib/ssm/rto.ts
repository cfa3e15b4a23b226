// Retransmission timeout estimator with the plugin/agent constants (docs/session-manager-protocol.md#retransmission):
// RTTVAR = 3/4 RTTVAR + 1/4 |RTT - sample|; RTT = 7/8 RTT + 1/8 sample;
// RTO = RTT + max(10 ms, 4 RTTVAR), capped at 1 s. RTO starts at 200 ms, RTT at 100 ms, RTTVAR at 0.
import { Retransmission } from "./constants";

export class RtoEstimator {
  rttMs: number = Retransmission.initialRttMs;
  rttVarMs: number = Retransmission.initialRttVarMs;
  rtoMs: number = Retransmission.initialRtoMs;

  /** Fold in one round-trip sample (ms) and return the new RTO. */
  addSample(sampleMs: number): number {
    const sample = Math.max(0, sampleMs);
    // RTTVAR uses the previous RTT, as the Go code computes it before updating RTT.
    this.rttVarMs = (1 - Retransmission.rttVarGain) * this.rttVarMs + Retransmission.rttVarGain * Math.abs(this.rttMs - sample);
    this.rttMs = (1 - Retransmission.rttGain) * this.rttMs + Retransmission.rttGain * sample;
    this.rtoMs = Math.min(Retransmission.maxRtoMs, this.rttMs + Math.max(Retransmission.clockGranularityMs, 4 * this.rttVarMs));
    return this.rtoMs;
  }
}
