// HTTP for the command line: node:http and node:https, loaded on first use. Not fetch: in Node 20 the first fetch
// loads and compiles its whole client (undici, with a WebAssembly HTTP parser), which measured about 50-70 ms,
// most of a `credentials` call's own time (bench/cli-credentials.ts). One request per connection, no redirects
// followed, answers capped in size, a timeout over the whole exchange.

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  text: string;
}

/** Throws an Error with `code` (ECONNREFUSED, ENOTFOUND, …) or named TimeoutError when no answer came. */
export type SendHttp = (url: string, request: HttpRequest) => Promise<HttpAnswer>;

const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export const sendHttp: SendHttp = async (url, request) => {
  const target = new URL(url);
  const { request: send } = target.protocol === "https:" ? await import("node:https") : await import("node:http");
  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body !== undefined) headers["content-length"] = Buffer.byteLength(request.body);
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = send(target, { method: request.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(Object.assign(new Error("the answer is too large"), { code: "E2BIG" }));
        else chunks.push(chunk);
      });
      res.on("error", reject);
      res.on("end", () => {
        const flat: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(res.headers)) flat[name] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: res.statusCode ?? 0, headers: flat, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error("no answer in time"), { name: "TimeoutError" })), request.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end(request.body);
  });
};
