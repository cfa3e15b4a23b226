// Coalesces the terminal output of many small frames (the agent sends at most 1,024 bytes per frame) into one
// write per turn of the event loop, so xterm.js parses a few large chunks instead of thousands of small ones, and
// the page does one write call (and one callback) per batch. A batch is flushed on the next macrotask, or at once
// when it grows past `maxBytes`, so output is never held for longer than that.

export class OutputBatcher {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private scheduled: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly maxBytes = 256 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= this.maxBytes) return this.flush();
    if (this.scheduled === undefined) this.scheduled = setTimeout(() => this.flush(), 0);
  }

  /** Hand over what is queued now (also called on dispose, so nothing shown is lost). */
  flush(): void {
    clearTimeout(this.scheduled);
    this.scheduled = undefined;
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    const total = this.bytes;
    this.chunks = [];
    this.bytes = 0;
    if (chunks.length === 1) return this.sink(chunks[0]!);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    this.sink(joined);
  }

  dispose(): void {
    clearTimeout(this.scheduled);
    this.scheduled = undefined;
    this.chunks = [];
    this.bytes = 0;
  }
}
