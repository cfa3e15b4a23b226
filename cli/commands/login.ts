// gatehouse login [--url URL] [--no-browser] [--device-name NAME]
import { call } from "../api";
import { stringOption } from "../args";
import type { Command } from "../command";
import { clearCredentialCache } from "../credential-cache";
import { usageError } from "../errors";
import { until } from "../format";
import { chooseUrl } from "../gatehouse-url";
import { readSession, rememberUrl, saveSession } from "../session-store";
import { deviceLogin } from "./login-device";
import { loopbackLogin } from "./login-loopback";

export const login: Command = {
  spec: { name: "login", options: { url: "string", "no-browser": "boolean", "device-name": "string" } },
  summary: "sign this terminal in through the browser",
  usage: `Usage: gatehouse login [--url URL] [--no-browser] [--device-name NAME]

Signs this terminal in to Gatehouse. Your browser opens Gatehouse's approval page (through Google sign-in if
needed); check that it shows the code printed here and choose Approve. The address is printed too, in case no
browser opens. The sign-in lasts as long as a browser sign-in (8 hours by default).

Options:
  --url URL            Gatehouse's address, e.g. https://gatehouse.example.com (remembered; later just gatehouse login)
  --no-browser         for a machine without a browser: prints an address with a code to open on any device
  --device-name NAME   the name the Command line page shows for this sign-in (default: this machine's host name)
`,
  async run(ctx, args) {
    const url = chooseUrl(ctx, stringOption(args, "url"), "login");
    const deviceName = stringOption(args, "device-name") ?? ctx.hostname;
    if (deviceName.length > 100 || /[\u0000-\u001f\u007f]/.test(deviceName))
      throw usageError("--device-name must be at most 100 characters, without control characters", "login");
    const previous = readSession(ctx);
    const answer = args.options["no-browser"] ? await deviceLogin(ctx, url, deviceName) : await loopbackLogin(ctx, url, deviceName);
    clearCredentialCache(ctx);
    saveSession(ctx, { url, token: answer.token, expiresAt: answer.expiresAt, email: answer.email, name: answer.name, deviceName });
    rememberUrl(ctx, url);
    // The sign-in this one replaces would otherwise stay valid on the server until it ran out.
    if (previous && previous.token !== answer.token)
      await call(ctx, previous.url, "DELETE", "/api/v1/session", { token: previous.token }).catch(() => undefined);
    ctx.stdout(`Signed in to ${url} as ${answer.name} <${answer.email}> ${until(answer.expiresAt, ctx.now())}.\n`);
    return 0;
  },
};
