// gatehouse logout
import { call, refusal } from "../api";
import type { Command } from "../command";
import { clearCredentialCache } from "../credential-cache";
import { CliError } from "../errors";
import { forgetSession, readSession } from "../session-store";

export const logout: Command = {
  spec: { name: "logout", options: {} },
  summary: "revoke this terminal's sign-in and delete it and the cached credentials",
  usage: `Usage: gatehouse logout

Revokes this terminal's sign-in on Gatehouse, then deletes it and every cached credential from this machine.
If Gatehouse cannot be reached, nothing is deleted (so you can try again); you can also revoke the sign-in on
Gatehouse's Command line page.
`,
  async run(ctx) {
    const session = readSession(ctx);
    if (!session) {
      clearCredentialCache(ctx);
      ctx.stdout("Not signed in; nothing to do.\n");
      return 0;
    }
    let answer;
    try {
      answer = await call(ctx, session.url, "DELETE", "/api/v1/session", { token: session.token });
    } catch (error) {
      throw new CliError(
        `${(error as Error).message}. Nothing was deleted: run gatehouse logout again, or revoke this device on Gatehouse's Command line page`,
      );
    }
    // 401: the server no longer knows the token (revoked or run out), which is what logging out wants.
    if (answer.status !== 401 && (answer.status < 200 || answer.status >= 300)) throw refusal(session.url, answer);
    forgetSession(ctx);
    clearCredentialCache(ctx);
    ctx.stdout(`Signed out of ${session.url}; this terminal's token and cached credentials are deleted.\n`);
    return 0;
  },
};
