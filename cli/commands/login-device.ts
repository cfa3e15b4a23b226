// `gatehouse login --no-browser`: the device authorization grant of RFC 8628 (docs/cli-api.md "Login: device
// code"; docs/cli-facts.md §3). The address with the code goes on a line of its own, for a person to open on any
// device; the command polls at the server's interval, 5 seconds slower after each slow_down, until approval,
// denial or expiry.
import type { CliDeviceAnswer } from "@/lib/cli/cli-api";
import { call, callJson, errorCodeOf, refusal } from "../api";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { duration } from "../format";
import { checkTokenAnswer, type TokenAnswer } from "../token-answer";

type DeviceStart = Omit<CliDeviceAnswer, "verification_uri_complete" | "interval"> & Partial<Pick<CliDeviceAnswer, "verification_uri_complete" | "interval">>;

const GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const NETWORK_TRIES = 3;

function checkStart(value: unknown): DeviceStart {
  const v = value as Partial<DeviceStart>;
  if (typeof v.device_code !== "string" || typeof v.user_code !== "string" || typeof v.verification_uri !== "string" || typeof v.expires_in !== "number") {
    throw new CliError("Gatehouse's answer to the device login is not one this program can read: is Gatehouse up to date?");
  }
  return v as DeviceStart;
}

export async function deviceLogin(ctx: CliContext, url: string, deviceName: string): Promise<TokenAnswer> {
  const start = checkStart((await callJson<unknown>(ctx, url, "POST", "/api/v1/cli/device", { body: { device_name: deviceName } })).body);
  ctx.secrets.add(start.device_code);
  const deadline = ctx.now() + start.expires_in * 1000;
  ctx.stdout(
    `To sign this terminal in, open this address in a browser on any device, sign in, and check that it shows the code ${start.user_code}:\n\n` +
      `${start.verification_uri_complete ?? start.verification_uri}\n\n` +
      `(Or open ${start.verification_uri} and type the code.) Waiting for the approval (the code is good for ${duration(start.expires_in * 1000)})…\n`,
  );
  let interval = Math.max(1, start.interval ?? 5);
  let networkFailures = 0;
  while (ctx.now() < deadline) {
    await ctx.sleep(interval * 1000);
    let answer;
    try {
      answer = await call(ctx, url, "POST", "/api/v1/cli/token", { body: { grant_type: GRANT, device_code: start.device_code } });
      networkFailures = 0;
    } catch (error) {
      if (++networkFailures >= NETWORK_TRIES) throw error;
      continue;
    }
    if (answer.status >= 200 && answer.status < 300) return checkTokenAnswer(answer.body, ctx.secrets);
    const code = errorCodeOf(answer.body);
    if (code === "authorization_pending") continue;
    if (code === "slow_down") {
      interval += 5;
      continue;
    }
    if (code === "access_denied") throw new CliError("the login was denied in the browser");
    if (code === "expired_token") break;
    throw refusal(url, answer);
  }
  throw new CliError("the code expired before it was approved: run gatehouse login --no-browser again");
}
