import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { acquireShellConnection, releaseShellConnection } from "@/lib/shell/connection-registry";
import { forgetPendingShell, storePendingShell, takePendingShell } from "@/lib/shell/pending-shell";
import type { WebSocketLike } from "@/lib/ssm/browser-session";

// Handing the one-time stream token from the page that started the session to the terminal page, and keeping one
// connection per session so a remount continues it instead of restarting the protocol at sequence 0.

class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
  get size() {
    return this.items.size;
  }
}

const credentials = (sessionId: string) => ({ sessionId, streamUrl: `ws://gw/v1/data-channel/${sessionId}`, tokenValue: `token-for-${sessionId}` });
let storage: MemoryStorage;

beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal("sessionStorage", storage);
});
afterEach(() => vi.unstubAllGlobals());

describe("pending shell credentials", () => {
  it("are taken out of storage on first read and never put in the URL", () => {
    storePendingShell(credentials("s-1"));
    expect(storage.size).toBe(1);
    expect(takePendingShell("s-1")).toEqual(credentials("s-1"));
    expect(storage.size).toBe(0);
    // A development double mount reads them again from memory until the connection is made.
    expect(takePendingShell("s-1")).toEqual(credentials("s-1"));
    forgetPendingShell("s-1");
    expect(takePendingShell("s-1")).toBeNull();
  });

  it("are not handed out for another session id", () => {
    storePendingShell(credentials("s-2"));
    expect(takePendingShell("s-3")).toBeNull();
  });
});

describe("the connection registry", () => {
  class QuietSocket implements WebSocketLike {
    binaryType = "blob";
    send(): void {}
    close(): void {}
    addEventListener(): void {}
  }
  const options = () => ({
    credentials: credentials("s-9"),
    resume: async () => ({ ok: false as const, final: true, message: "n/a" }),
    WebSocket: QuietSocket,
  });

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("gives a remount the same connection, and closes it once nobody holds it", () => {
    const first = acquireShellConnection("s-9", options)!;
    expect(first.created).toBe(true);
    releaseShellConnection("s-9");
    const second = acquireShellConnection("s-9", () => null)!;
    expect(second).toEqual({ connection: first.connection, created: false });
    releaseShellConnection("s-9");
    vi.advanceTimersByTime(1_000);
    expect(acquireShellConnection("s-9", () => null)).toBeNull();
  });
});
