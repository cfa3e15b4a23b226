// `gatehouse login`, the default flow (docs/cli-api.md "Login: loopback redirect with PKCE"): listen on 127.0.0.1,
// send the browser to Gatehouse's approval page with the state, the PKCE challenge, the device name and the code
// shown here, then trade the code that comes back (with the verifier) for a token.
import { callJson } from "../api";
import type { CliContext } from "../context";
import { duration } from "../format";
import { listenForCallback } from "../loopback";
import { newLoginSecrets } from "../pkce";
import { checkTokenAnswer, type TokenAnswer } from "../token-answer";

export async function loopbackLogin(ctx: CliContext, url: string, deviceName: string): Promise<TokenAnswer> {
  const { state, verifier, challenge, displayCode } = await newLoginSecrets();
  ctx.secrets.add(state);
  ctx.secrets.add(verifier);
  const listener = await listenForCallback(state, ctx.loginTimeoutMs);
  try {
    const query = new URLSearchParams({
      redirect_uri: listener.redirectUri,
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
      device: deviceName,
      code: displayCode,
    });
    const loginUrl = `${url}/cli/login?${query}`;
    ctx.stdout(`Approve this terminal in your browser; the page shows the code ${displayCode}.\nIf no browser opens, open this address:\n\n${loginUrl}\n\n`);
    if (!(await ctx.openBrowser(loginUrl))) ctx.stdout("(No browser could be started here: open the address above, or run gatehouse login --no-browser.)\n");
    ctx.stdout(`Waiting for the approval (up to ${duration(ctx.loginTimeoutMs)})…\n`);
    const callback = await listener.callback;
    ctx.secrets.add(callback.code);
    try {
      const { body } = await callJson<unknown>(ctx, url, "POST", "/api/v1/cli/token", {
        body: { grant_type: "authorization_code", code: callback.code, code_verifier: verifier, redirect_uri: listener.redirectUri },
      });
      const answer = checkTokenAnswer(body, ctx.secrets);
      await callback.finish(true, `This terminal is signed in to Gatehouse as ${answer.email}. You can close this tab.`);
      return answer;
    } catch (error) {
      await callback.finish(false, "The terminal could not finish signing in; it says why.");
      throw error;
    }
  } finally {
    listener.close();
  }
}
