import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { readFormBody, sendHtml } from "./http-util";
import { renderAccountChooser, renderErrorPage } from "./login-page";
import type { SandboxUser } from "./seed-files";

// The sandbox's interaction endpoints, driving oidc-provider's interaction API: show the chooser, then finish the
// interaction with login, consent (auto-granted, like a returning Google user) and account selection in one step.

const GRANTABLE_SCOPES = new Set(["openid", "email", "profile"]);

export async function handleInteraction(
  provider: Provider,
  users: readonly SandboxUser[],
  clientNames: ReadonlyMap<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const match = /^\/interaction\/([\w-]+)(?:\/(choose|cancel))?$/.exec(path);
  if (!match) return sendHtml(res, 404, renderErrorPage("Not found", "There is nothing at this address"));
  const [, uid, action] = match;

  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return sendHtml(res, 400, renderErrorPage("This sign-in has expired", "Go back to the app and start signing in again"));
  }
  if (details.uid !== uid) {
    return sendHtml(res, 400, renderErrorPage("This sign-in has expired", "Go back to the app and start signing in again"));
  }

  if (action === undefined) {
    if (req.method !== "GET") return sendHtml(res, 405, renderErrorPage("Method not allowed", "Use the buttons on the page"));
    const clientName = clientNames.get(String(details.params.client_id)) ?? "the app";
    return sendHtml(res, 200, renderAccountChooser({ uid: details.uid, clientName, users }));
  }
  if (req.method !== "POST") return sendHtml(res, 405, renderErrorPage("Method not allowed", "Use the buttons on the page"));

  if (action === "cancel") {
    return provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user cancelled signing in" },
      { mergeWithLastSubmission: false },
    );
  }

  const form = await readFormBody(req);
  const user = users.find((u) => u.sub === form.get("sub"));
  if (!user) return sendHtml(res, 400, renderErrorPage("Unknown account", "Choose one of the accounts listed"));

  const clientId = String(details.params.client_id);
  // Reuse the pending grant only if it belongs to the chosen user: switching accounts must not inherit a grant.
  let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  if (!grant || grant.accountId !== user.sub) grant = new provider.Grant({ accountId: user.sub, clientId });
  const scopes = String(details.params.scope ?? "")
    .split(" ")
    .filter((s) => GRANTABLE_SCOPES.has(s));
  grant.addOIDCScope(scopes.join(" "));
  const grantId = await grant.save();

  await provider.interactionFinished(
    req,
    res,
    { select_account: {}, login: { accountId: user.sub, remember: false }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
