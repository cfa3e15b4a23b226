import "server-only";

// The page a browser sees when GET /api/console/open refuses (the "Open in a new tab" link, a bookmark, a hand-made
// URL): the reason in words, a way back, never a stack trace.

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderConsoleErrorPage(status: number, message: string, retryable: boolean): string {
  const title = status === 401 ? "Sign in to Gatehouse first" : "Gatehouse could not open the AWS console";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Gatehouse</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#0f172a}
.alert{border:1px solid #fecaca;background:#fef2f2;color:#7f1d1d;border-radius:.5rem;padding:1rem}a{color:#184c99}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
<p class="alert" role="alert" data-testid="console-open-error" data-status="${status}">${escapeHtml(message)}</p>
<p>${retryable ? "This may pass: reload the page to try again, or " : ""}<a href="/">go back to Gatehouse</a>. Your request was recorded in the <a href="/audit">audit log</a>.</p>
</main></body></html>`;
}
