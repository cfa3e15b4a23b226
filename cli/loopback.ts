// The loopback redirect of RFC 8252 (docs/cli-facts.md §3): a one-request HTTP server on 127.0.0.1 at a port the
// system picks, waiting for the approval page to send the browser to /callback?code=…&state=…. A request with
// another state is answered 400 and ignored (it is not the page this terminal opened); the wait ends after the
// login timeout. node:http is loaded only here, so commands that never log in do not pay for it.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { CliError } from "./errors";
import { duration } from "./format";
import { sameSecret } from "./pkce";

export interface Callback {
  code: string;
  /** Answers the browser's request with a page saying how the login ended; resolves once it is sent. */
  finish(ok: boolean, message: string): Promise<void>;
}

export interface LoopbackListener {
  redirectUri: string;
  callback: Promise<Callback>;
  close(): void;
}

const page = (title: string, message: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem"><h1>${title}</h1><p>${message}</p></body>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(response: ServerResponse, status: number, title: string, message: string) {
  response.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  });
  response.end(page(escapeHtml(title), escapeHtml(message)));
}

export async function listenForCallback(state: string, timeoutMs: number): Promise<LoopbackListener> {
  const { createServer } = await import("node:http");
  let settle: { resolve: (value: Callback) => void; reject: (error: Error) => void } | undefined;
  const callback = new Promise<Callback>((resolve, reject) => (settle = { resolve, reject }));
  let done = false;

  const server: Server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method !== "GET" || url.pathname !== "/callback")
      return send(response, 404, "Not found", "This address only takes Gatehouse's sign-in callback.");
    if (done) return send(response, 410, "Already used", "This terminal's sign-in has already finished. You can close this tab.");
    const given = url.searchParams.get("state") ?? "";
    if (!(await sameSecret(given, state)))
      return send(
        response,
        400,
        "Not this terminal's sign-in",
        "The state does not match the sign-in this terminal started. Start again with gatehouse login.",
      );
    done = true;
    const error = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (error || !code) {
      send(response, 200, "Sign-in denied", "The terminal was not signed in. You can close this tab.");
      settle?.reject(
        new CliError(
          error === "access_denied"
            ? "the login was denied in the browser"
            : `the browser came back without a code (${error ?? "no code"}): run gatehouse login again`,
        ),
      );
      return;
    }
    settle?.resolve({
      code,
      finish: (ok, message) =>
        new Promise<void>((resolve) => {
          response.once("finish", resolve);
          response.once("close", resolve);
          send(response, ok ? 200 : 502, ok ? "Signed in" : "Sign-in failed", message);
        }),
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new CliError(`could not listen on 127.0.0.1 for the browser's callback (${(error as NodeJS.ErrnoException).code}): try gatehouse login --no-browser`),
      ),
    );
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const timer = setTimeout(() => {
    done = true;
    settle?.reject(new CliError(`no approval came from the browser within ${duration(timeoutMs)}: run gatehouse login again`));
  }, timeoutMs);

  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    callback,
    close() {
      clearTimeout(timer);
      server.close();
      server.closeAllConnections?.();
    },
  };
}
