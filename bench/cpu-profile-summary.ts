// Reads a V8 CPU profile (Chromium's CDP Profiler.stop answer) and prints where the time went: self time per
// function, largest first, with its share of the sampled time. Used by bench/shell-throughput.ts --profile.

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

export function printTopSelfTime(profile: CpuProfile, limit: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const delta = deltas[i] ?? 0;
    if (!node) continue;
    const frame = node.callFrame;
    const file = frame.url.split("/").pop() ?? "";
    const key = `${frame.functionName || "(anonymous)"} ${file ? `${file}:${frame.lineNumber + 1}` : ""}`.trim();
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    total += delta;
  }
  console.log(`\nself time, of ${(total / 1000).toFixed(0)} ms sampled:`);
  for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
}
