import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHttp } from "@/cli/http-client";

let server: Server;
let base = "";
const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method, headers: req.headers, body });
      if (req.url === "/slow") return; // never answers
      if (req.url === "/redirect") return void res.writeHead(302, { location: "http://example.com/" }).end();
      res.writeHead(429, { "content-type": "application/json", "retry-after": "7" }).end(JSON.stringify({ error: "rate-limited", message: "Slow down." }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the command line's HTTP client", () => {
  it("sends the method, headers and body, and gives back status, lower-case headers and text", async () => {
    const answer = await sendHttp(`${base}/x`, {
      method: "POST",
      headers: { "content-type": "application/json", Authorization: "Bearer t" },
      body: '{"a":1}',
      timeoutMs: 5000,
    });
    expect(answer).toEqual({ status: 429, headers: expect.objectContaining({ "retry-after": "7" }), text: '{"error":"rate-limited","message":"Slow down."}' });
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      body: '{"a":1}',
      headers: expect.objectContaining({ authorization: "Bearer t", "content-length": "7" }),
    });
  });

  it("does not follow redirects", async () => {
    expect((await sendHttp(`${base}/redirect`, { method: "GET", headers: {}, timeoutMs: 5000 })).status).toBe(302);
  });

  it("fails with TimeoutError when no answer comes in time, and with the system's code when nobody listens", async () => {
    await expect(sendHttp(`${base}/slow`, { method: "GET", headers: {}, timeoutMs: 100 })).rejects.toMatchObject({ name: "TimeoutError" });
    await expect(sendHttp("http://127.0.0.1:1/", { method: "GET", headers: {}, timeoutMs: 5000 })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
