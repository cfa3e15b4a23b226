// In-memory stand-ins for TCP sockets (the local connection and the destination), with the events and half-close
// behaviour of net.Socket that the forwarder and the sandbox's agent rely on. Delivery is asynchronous, as on a
// real socket.
import { EventEmitter } from "node:events";
import type { LocalConnection } from "@/lib/ssm/port-forwarder";

export class MemorySocket extends EventEmitter implements LocalConnection {
  peer: MemorySocket | null = null;
  readonly received: Buffer[] = [];
  private paused = false;
  private readonly queue: (Buffer | "end")[] = [];
  private writableEnded = false;
  private readableEnded = false;
  destroyed = false;

  write(data: Uint8Array): boolean {
    if (this.writableEnded || this.destroyed) return false;
    const peer = this.peer;
    const copy = Buffer.from(data);
    setImmediate(() => peer?.deliver(copy));
    return true;
  }

  end(): void {
    if (this.writableEnded || this.destroyed) return;
    this.writableEnded = true;
    const peer = this.peer;
    setImmediate(() => peer?.deliver("end"));
    this.maybeClose();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const peer = this.peer;
    setImmediate(() => {
      this.emit("close");
      peer?.deliver("end");
      peer?.destroy();
    });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    while (!this.paused && this.queue.length) this.dispatch(this.queue.shift()!);
  }

  get text(): string {
    return Buffer.concat(this.received).toString();
  }
  get ended(): boolean {
    return this.readableEnded;
  }

  private deliver(item: Buffer | "end"): void {
    if (this.destroyed) return;
    if (this.paused) this.queue.push(item);
    else this.dispatch(item);
  }

  private dispatch(item: Buffer | "end"): void {
    if (item === "end") {
      if (this.readableEnded) return;
      this.readableEnded = true;
      this.emit("end");
      this.maybeClose();
      return;
    }
    if (this.readableEnded) return;
    this.received.push(item);
    this.emit("data", item);
  }

  private maybeClose(): void {
    if (this.readableEnded && this.writableEnded && !this.destroyed) {
      this.destroyed = true;
      setImmediate(() => this.emit("close"));
    }
  }
}

export function socketPair(): [MemorySocket, MemorySocket] {
  const a = new MemorySocket();
  const b = new MemorySocket();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** A destination server: each dial gets a socket whose other end `serve` handles. */
export function memoryServer(serve: (socket: MemorySocket) => void) {
  const dials: string[] = [];
  return {
    dials,
    dial: async (host: string, port: number): Promise<LocalConnection> => {
      dials.push(`${host}:${port}`);
      const [mine, theirs] = socketPair();
      serve(theirs);
      return mine;
    },
  };
}

/** Echo with a prefix, closing after the client half-closes. */
export function echo(socket: MemorySocket, prefix = ""): void {
  socket.on("data", (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from(prefix), chunk])));
  socket.on("end", () => socket.end());
}

export async function until(what: string, predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
