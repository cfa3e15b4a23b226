// Fault injection on the gateway's outgoing frames, for tests of the client's reliability logic:
// drop, duplicate and reorder at given probabilities, from a seeded PRNG so failures replay.
import { seededRandom } from "../../util/seeded-random";

export interface GatewayFaults {
  /** Probability (0-1) that a frame is not sent at all. */
  drop?: number;
  /** Probability that a frame is sent twice. */
  duplicate?: number;
  /** Probability that a frame is held back and sent after the next one (or after 30 ms). */
  reorder?: number;
  /** PRNG seed; the same seed and traffic give the same faults. */
  seed?: number;
}

export { seededRandom };

export interface FaultStats {
  sent: number;
  dropped: number;
  duplicated: number;
  reordered: number;
}

/** Shared, mutable fault settings; each socket's sender consults them per frame. */
export class FaultInjector {
  private faults: Required<GatewayFaults> = { drop: 0, duplicate: 0, reorder: 0, seed: 1 };
  private random = seededRandom(1);
  readonly stats: FaultStats = { sent: 0, dropped: 0, duplicated: 0, reordered: 0 };

  set(faults: GatewayFaults | null): void {
    this.faults = { drop: faults?.drop ?? 0, duplicate: faults?.duplicate ?? 0, reorder: faults?.reorder ?? 0, seed: faults?.seed ?? 1 };
    this.random = seededRandom(this.faults.seed);
  }

  get active(): boolean {
    return this.faults.drop > 0 || this.faults.duplicate > 0 || this.faults.reorder > 0;
  }

  /** Wrap a raw frame sender with the current faults. */
  wrap(send: (frame: Uint8Array) => void): { send: (frame: Uint8Array) => void; dispose: () => void } {
    let held: Uint8Array | null = null;
    let heldTimer: NodeJS.Timeout | undefined;
    const release = () => {
      clearTimeout(heldTimer);
      const frame = held;
      held = null;
      if (frame) send(frame);
    };
    return {
      send: (frame) => {
        this.stats.sent++;
        if (!this.active) {
          send(frame);
          return release();
        }
        if (this.random() < this.faults.drop) {
          this.stats.dropped++;
          return;
        }
        const copies = this.random() < this.faults.duplicate ? 2 : 1;
        if (copies === 2) this.stats.duplicated++;
        if (held === null && this.random() < this.faults.reorder) {
          this.stats.reordered++;
          held = frame;
          heldTimer = setTimeout(release, 30);
          if (copies === 2) send(frame);
          return;
        }
        for (let i = 0; i < copies; i++) send(frame);
        release();
      },
      dispose: () => {
        clearTimeout(heldTimer);
        held = null;
      },
    };
  }
}
