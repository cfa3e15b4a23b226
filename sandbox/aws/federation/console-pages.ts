// HTML for the sandbox's stand-in AWS console. Every value a browser test reads has a stable data-testid.

export interface ConsoleSession {
  accountId: string;
  roleName: string;
  sessionName: string;
  sourceIdentity?: string;
  arn: string;
  destination: string;
  issuer: string;
  expiresAt: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f2f3f3;color:#16191f}
header{background:#232f3e;color:#fff;padding:12px 24px;font-weight:600}
main{max-width:760px;margin:32px auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 3px #0002}
dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 24px}dt{color:#545b64}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}
</style></head>
<body><header>${escapeHtml(title)}</header><main>${body}</main></body></html>`;
}

function row(label: string, testId: string, value: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd id="${testId}" data-testid="${testId}">${escapeHtml(value)}</dd>`;
}

export function renderConsole(s: ConsoleSession): string {
  const body = `<h1 data-testid="console-title">AWS Management Console (Gatehouse sandbox)</h1>
<p>You are signed in as <strong data-testid="console-arn">${escapeHtml(s.arn)}</strong>.</p>
<dl>
${row("Account", "console-account", s.accountId)}
${row("Role", "console-role", s.roleName)}
${row("Session name", "console-session-name", s.sessionName)}
${row("Source identity", "console-source-identity", s.sourceIdentity ?? "")}
${row("Destination", "console-destination", s.destination)}
${row("Issuer", "console-issuer", s.issuer)}
${row("Session expires", "console-expires", new Date(s.expiresAt).toISOString())}
</dl>
${s.issuer ? `<p><a data-testid="console-signout" href="${escapeHtml(s.issuer)}">Back to ${escapeHtml(s.issuer)}</a></p>` : ""}`;
  return page("AWS Management Console (Gatehouse sandbox)", body);
}

export function renderError(title: string, detail: string): string {
  return page("AWS Management Console (Gatehouse sandbox)", `<h1 data-testid="console-error">${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`);
}

export function renderSwitchRole(params: URLSearchParams): string {
  const account = params.get("account") ?? "";
  const roleName = params.get("roleName") ?? "";
  const displayName = params.get("displayName") ?? `${roleName} @ ${account}`;
  const problems: string[] = [];
  if (!/^(\d{12}|[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9]))$/.test(account)) problems.push("account must be a 12-digit account id or an account alias");
  if (roleName === "" || roleName.length > 64) problems.push("roleName (with its path) must be 1 to 64 characters");
  const body = `<h1 data-testid="switchrole-title">Switch Role</h1>
<dl>
${row("Account", "switchrole-account", account)}
${row("Role", "switchrole-role", roleName)}
${row("Display name", "switchrole-display-name", displayName)}
</dl>
${problems.length ? `<p data-testid="switchrole-error">${problems.map(escapeHtml).join("; ")}</p>` : `<p data-testid="switchrole-ready">The console would switch to ${escapeHtml(roleName)} in ${escapeHtml(account)} using your current sign-in.</p>`}`;
  return page("AWS Management Console (Gatehouse sandbox) — Switch Role", body);
}
