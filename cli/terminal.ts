// The person's terminal while a shell runs in it: raw mode (every key, Ctrl-C included, goes to the remote shell),
// its size and its changes (SIGWINCH), and restoring it however the command ends, on exit, on a signal or on a
// crash, so a failure never leaves a terminal that echoes nothing.

export interface TerminalSize {
  cols: number;
  rows: number;
}

export class Terminal {
  private raw = false;
  private readonly restoreOnExit = () => this.restore();

  get isTty(): boolean {
    return process.stdin.isTTY === true;
  }

  size(): TerminalSize | null {
    const out = process.stdout;
    if (!out.isTTY || !out.columns || !out.rows) return null;
    return { cols: out.columns, rows: out.rows };
  }

  enterRaw(): void {
    if (!this.isTty || this.raw) return;
    process.stdin.setRawMode(true);
    this.raw = true;
    process.on("exit", this.restoreOnExit);
  }

  restore(): void {
    if (!this.raw) return;
    this.raw = false;
    try {
      process.stdin.setRawMode(false);
    } catch {
      // The terminal may be gone already (a closed pty); nothing is left to restore.
    }
    process.off("exit", this.restoreOnExit);
  }

  onResize(listener: (size: TerminalSize) => void): () => void {
    const handler = () => {
      const size = this.size();
      if (size) listener(size);
    };
    process.stdout.on("resize", handler);
    process.on("SIGWINCH", handler);
    return () => {
      process.stdout.off("resize", handler);
      process.off("SIGWINCH", handler);
    };
  }
}
