// Session transcripts, like Session Manager's S3/CloudWatch logging: one file per session holding the
// raw terminal output, framed by start/end lines.
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";

export class Transcript {
  readonly file: string;
  private readonly stream: WriteStream;
  private ended = false;

  constructor(directory: string, sessionId: string) {
    mkdirSync(directory, { recursive: true });
    this.file = path.join(directory, `${sessionId.replace(/[^\w.@=,+-]/g, "_")}.log`);
    this.stream = createWriteStream(this.file, { flags: "a" });
    // A full disk must not take the shell down with it.
    this.stream.on("error", () => {});
  }

  /** A metadata line of its own (start, reconnect, end). */
  note(text: string): void {
    if (!this.ended) this.stream.write(`\n[gatehouse-sandbox ${new Date().toISOString()}] ${text}\n`);
  }

  write(bytes: Uint8Array): void {
    if (!this.ended) this.stream.write(bytes);
  }

  end(text: string): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.note(text);
    this.ended = true;
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
