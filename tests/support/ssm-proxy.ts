// An ssh ProxyCommand for tests, the way `gatehouse proxy` will work: standard input and output forwarded over an
// AWS-StartSSHSession port session (lib/ssm PortSession + PortForwarder). The session comes from the environment:
// GATEHOUSE_TEST_STREAM_URL and GATEHOUSE_TEST_TOKEN_VALUE (the StartSession answer). Run with tsx.
import { WebSocket as WsWebSocket } from "ws";
import { PortForwarder, type LocalConnection } from "@/lib/ssm/port-forwarder";
import { PortSession } from "@/lib/ssm/port-session";

const streamUrl = process.env.GATEHOUSE_TEST_STREAM_URL;
const tokenValue = process.env.GATEHOUSE_TEST_TOKEN_VALUE;
if (!streamUrl || !tokenValue) {
  process.stderr.write("ssm-proxy: GATEHOUSE_TEST_STREAM_URL and GATEHOUSE_TEST_TOKEN_VALUE must be set\n");
  process.exit(2);
}

/** Standard input and output as one connection. */
const stdio: LocalConnection = {
  write: (data) => process.stdout.write(data),
  end: () => process.stdout.end(),
  destroy: () => process.exit(1),
  pause: () => process.stdin.pause(),
  resume: () => process.stdin.resume(),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one listener type for every event
  on(event: "data" | "end" | "drain" | "close" | "error", listener: (...args: any[]) => void) {
    if (event === "drain") process.stdout.on("drain", listener);
    else process.stdin.on(event, listener);
    return stdio;
  },
};

const session = new PortSession({ streamUrl, tokenValue, WebSocket: WsWebSocket });
const forwarder = new PortForwarder(session);
session.on("closed", ({ output }) => {
  if (output) process.stderr.write(`${output}\n`);
  process.stdout.end(() => process.exit(0));
});
session.on("error", (error) => {
  process.stderr.write(`ssm-proxy: ${error.message}\n`);
  process.exit(1);
});
// The one connection ended (standard input closed, or the destination did): the session ends with it.
forwarder.on("close", () => setTimeout(() => process.stdout.end(() => process.exit(0)), 3_500).unref());
session.connect();
forwarder.accept(stdio);
