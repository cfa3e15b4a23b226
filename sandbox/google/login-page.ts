import { createHash } from "node:crypto";
import type { SandboxUser } from "./seed-files";

// The sandbox's own account chooser, replacing oidc-provider's development login form: a list of the sample users,
// each one button, so people (and Playwright, by accessible name) can pick who to be.

const PAGE_TITLE = "Sign in with Google — Gatehouse sandbox";

export function renderAccountChooser(options: { uid: string; clientName: string; users: readonly SandboxUser[] }): string {
  const items = options.users
    .map((user, i) => {
      const tags = describeUser(user);
      return `<li><button type="submit" name="sub" value="${escapeHtml(user.sub)}" aria-label="${escapeHtml(`${user.name} ${user.email}`)}" aria-describedby="user-${i}-tags">
  <span class="avatar" aria-hidden="true" style="background:${colourFor(user.sub)}">${escapeHtml(initialsOf(user.name))}</span>
  <span class="who"><span class="name">${escapeHtml(user.name)}</span> <span class="email">${escapeHtml(user.email)}</span></span>
  <span class="tags" id="user-${i}-tags">${escapeHtml(tags)}</span>
</button></li>`;
    })
    .join("\n");
  const action = `/interaction/${encodeURIComponent(options.uid)}`;
  return layout(`
<h1>Choose an account</h1>
<p class="lead">to continue to <strong>${escapeHtml(options.clientName)}</strong></p>
<form method="post" action="${action}/choose">
<ul class="accounts">
${items}
</ul>
</form>
<form method="post" action="${action}/cancel"><button type="submit" class="secondary">Cancel and go back</button></form>
<p class="note" role="note">This is the Gatehouse sandbox, a local stand-in for Google sign-in: no password is needed and
nothing leaves this machine. The accounts are the sample users from <code>sandbox/seed/google-users.yaml</code>.</p>`);
}

export function renderErrorPage(title: string, detail: string): string {
  return layout(`<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(detail)}</p>
<p class="note" role="note">Gatehouse sandbox: a local stand-in for Google sign-in.</p>`);
}

/** A round avatar with the user's initials, so the `picture` claim points somewhere that works offline. */
export function renderAvatarSvg(user: SandboxUser): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${escapeHtml(user.name)}">
<circle cx="48" cy="48" r="48" fill="${colourFor(user.sub)}"/>
<text x="48" y="60" font-family="system-ui, sans-serif" font-size="36" fill="#fff" text-anchor="middle">${escapeHtml(initialsOf(user.name))}</text>
</svg>`;
}

function describeUser(user: SandboxUser): string {
  const parts = [user.hd ? `Workspace: ${user.hd}` : "Personal Google account (no Workspace)"];
  if (!user.email_verified) parts.push("email not verified");
  return parts.join(" · ");
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
}

function colourFor(seed: string): string {
  const hue = createHash("sha256").update(seed).digest()[0] ?? 0;
  return `hsl(${Math.round((hue / 256) * 360)} 45% 38%)`; // dark enough for white text (WCAG AA)
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${PAGE_TITLE}</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; padding: 1rem 0; min-height: 100vh; box-sizing: border-box; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { width: min(28rem, 100% - 2rem); padding: 2rem; border: 1px solid #8886; border-radius: 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  .lead { margin: 0 0 1.25rem; }
  ul.accounts { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: .5rem; }
  ul.accounts button { width: 100%; display: grid; grid-template-columns: 2.5rem 1fr; column-gap: .75rem; align-items: center;
    text-align: left; padding: .6rem .75rem; border: 1px solid #8888; border-radius: .6rem; background: transparent;
    color: inherit; font: inherit; cursor: pointer; }
  ul.accounts button:hover { background: #8882; }
  button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
  .avatar { grid-row: span 2; width: 2.5rem; height: 2.5rem; border-radius: 50%; display: grid; place-items: center;
    color: #fff; font-weight: 600; }
  .who { display: flex; flex-direction: column; }
  .name { font-weight: 600; }
  .email, .tags { font-size: .875rem; opacity: .85; }
  .secondary { font: inherit; padding: .4rem .8rem; border-radius: .4rem; border: 1px solid #8888; background: transparent; color: inherit; cursor: pointer; }
  .note { margin-top: 1.25rem; font-size: .875rem; padding: .75rem; border-radius: .5rem; background: #8881; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
