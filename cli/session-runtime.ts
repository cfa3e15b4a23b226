// What the session commands (shell, forward, proxy) load when they start, and nothing else does: the WebSocket
// client's Node modules, and node:crypto's native SHA-256 for lib/ssm's payload digests (the portable one in
// lib/ssm/sha256.ts, written for browsers, was a quarter of a forward's CPU time).
import { setSha256Implementation } from "@/lib/ssm/sha256";
import { loadNodeWebSocket, type NodeWebSocket } from "./websocket";

export async function loadSessionRuntime(): Promise<typeof NodeWebSocket> {
  const [crypto, WebSocket] = await Promise.all([import("node:crypto"), loadNodeWebSocket()]);
  // crypto.hash (Node 20.12+, 21.7+) is the one-shot form, a quarter faster than createHash on 1 KiB payloads.
  const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: "buffer") => Buffer }).hash;
  setSha256Implementation(oneShot ? (data) => oneShot("sha256", data, "buffer") : (data) => crypto.createHash("sha256").update(data).digest());
  return WebSocket;
}
