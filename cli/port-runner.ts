// A port session for the forward and proxy commands: lib/ssm's PortSession over cli/'s WebSocket, resumed through
// Gatehouse (ResumeSession) with backoff when the socket drops, and ended with the TerminateSession flag and the
// API when the command stops. PortForwarder (lib/ssm) carries the connections.
import { PortSession, type PortSessionInfo } from "@/lib/ssm/port-session";
import type { CliContext } from "./context";
import { resumeSession, terminateSession, type CliStream } from "./session-api";
import type { StoredSession } from "./session-store";
import { NodeWebSocket } from "./websocket";

export interface RunningPortSession {
  session: PortSession;
  /** Resolves when the session is over: the reason, and whether it was this side's doing. */
  ended: Promise<{ message: string; byUs: boolean; failed: boolean }>;
  /** End it from here (Ctrl-C): the flag to the agent, then TerminateSession through Gatehouse. */
  stop(): Promise<void>;
}

const MAX_ATTEMPTS = 6;

export function runPortSession(
  ctx: CliContext,
  login: StoredSession,
  stream: CliStream,
  options: { basic?: boolean; onReady?: (info: PortSessionInfo) => void; quiet?: boolean } = {},
): RunningPortSession {
  const session = new PortSession({
    streamUrl: stream.streamUrl,
    tokenValue: stream.tokenValue,
    WebSocket: NodeWebSocket,
    mode: options.basic ? "basic" : "auto",
  });
  let stopping = false;
  let attempt = 0;
  let settle!: (value: { message: string; byUs: boolean; failed: boolean }) => void;
  const ended = new Promise<{ message: string; byUs: boolean; failed: boolean }>((resolve) => (settle = resolve));
  let done = false;
  const finish = (message: string, failed: boolean) => {
    if (done) return;
    done = true;
    settle({ message, byUs: stopping, failed });
  };

  session.on("ready", (info) => {
    attempt = 0;
    options.onReady?.(info);
  });
  session.on("closed", ({ output }) => finish(output.trim() || "The session ended.", false));
  session.on("error", (error) => {
    session.close();
    finish(`The session stopped: ${error.message}`, true);
  });
  session.on("disconnected", (info) => {
    if (stopping || done) return;
    const resume = async () => {
      attempt++;
      if (attempt > MAX_ATTEMPTS) {
        session.close();
        return finish(
          `Lost the connection to the instance: ${info.refused ? "the connection was refused (its token may have expired)" : "the connection keeps dropping"}.`,
          true,
        );
      }
      if (!options.quiet || attempt === 1) ctx.stderr(`gatehouse: connection to Session Manager lost; resuming (attempt ${attempt} of ${MAX_ATTEMPTS})\n`);
      await ctx.sleep(attempt === 1 ? 0 : Math.min(4000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      const answer = await resumeSession(ctx, login, stream.sessionId);
      if (stopping || done) return;
      if (!answer.ok) {
        if (answer.final) {
          session.close();
          return finish(`The session cannot be resumed: ${answer.message}`, true);
        }
        return void resume();
      }
      session.reconnect(answer.credentials.tokenValue, answer.credentials.streamUrl);
    };
    void resume();
  });

  return {
    session,
    ended,
    async stop() {
      if (done) return;
      stopping = true;
      session.terminate();
      await terminateSession(ctx, login, stream.sessionId);
      finish("Stopped.", false);
    },
  };
}
