// Wires two DataChannels together through an in-memory link that drops, duplicates and reorders.
import type { DataChannel } from "@/lib/ssm/channel";
import { seededRandom, type FakeClock } from "./fake-clock";

export interface LinkFaults {
  drop: number;
  duplicate: number;
  reorder: number;
  seed: number;
  latencyMs?: number;
}

export function connectLossy(clock: FakeClock, a: DataChannel, b: DataChannel, faults: LinkFaults) {
  const random = seededRandom(faults.seed);
  const latency = faults.latencyMs ?? 5;
  const stats = { sent: 0, dropped: 0, duplicated: 0, reordered: 0 };
  const pipe = (to: DataChannel) => (frame: Uint8Array) => {
    stats.sent++;
    if (random() < faults.drop) {
      stats.dropped++;
      return;
    }
    const copies = random() < faults.duplicate ? 2 : 1;
    if (copies === 2) stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      // A reordered frame is held back long enough for later frames to overtake it.
      const late = random() < faults.reorder;
      if (late) stats.reordered++;
      const delay = latency + Math.floor(random() * 3) + (late ? 20 + Math.floor(random() * 80) : 0);
      clock.schedule(() => to.receive(frame), delay);
    }
  };
  a.attachTransport(pipe(b));
  b.attachTransport(pipe(a));
  return stats;
}
