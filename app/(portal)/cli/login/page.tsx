import type { Metadata } from "next";
import { LoginApproval } from "@/components/cli/login-approval";
import { Notice } from "@/components/ui/notice";
import { requireActor } from "@/lib/actor/from-request";
import { loopbackLoginSchema } from "@/lib/cli/login-input";
import { isLoginAnswered, recordRefusedLoginPage } from "@/lib/cli/loopback-login";
import { describeIssue } from "@/lib/http/read-input";

export const metadata: Metadata = { title: "Approve a command-line login" };
export const dynamic = "force-dynamic";

// /cli/login?redirect_uri=…&state=…&code_challenge=…&code_challenge_method=S256&device=…&code=… - the page
// `gatehouse login` opens: what is asking, and Approve / Deny. A request Gatehouse cannot answer (a redirect that
// is not loopback, a missing or malformed challenge) is refused here, on record, and never reaches the buttons.

type Query = Record<string, string | string[] | undefined>;

function single(query: Query): Record<string, string> | null {
  const flat: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) return null;
    if (value !== undefined) flat[key] = value;
  }
  return flat;
}

export default async function CliLoginPage({ searchParams }: { searchParams: Promise<Query> }) {
  const actor = await requireActor();
  const given = single(await searchParams);
  const parsed = given ? loopbackLoginSchema.safeParse(given) : null;
  if (!parsed?.success) {
    const message = parsed ? describeIssue(parsed.error.issues[0]) : "Each parameter may be given once.";
    await recordRefusedLoginPage(actor, message, given ?? {});
    return (
      <Notice tone="error" title="This command-line login cannot be approved">
        <p data-testid="cli-login-refused">{message}</p>
        <p className="mt-2">Start again with gatehouse login in your terminal. If you did not start it, close this page.</p>
      </Notice>
    );
  }
  const input = parsed.data;
  if (await isLoginAnswered(input.code_challenge)) {
    return (
      <Notice tone="warning" title="This login was already answered">
        Run gatehouse login again in your terminal for a new one.
      </Notice>
    );
  }
  const target = new URL(input.redirect_uri);
  return (
    <div className="max-w-2xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Approve a command-line login</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          A terminal asks to act as <strong>{actor.email}</strong> with the <code>gatehouse</code> command line, until its sign-in ends.
        </p>
      </header>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4 text-sm">
        <dt className="font-medium text-slate-600 dark:text-slate-400">Device</dt>
        <dd data-testid="cli-device-name">{input.device}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Code</dt>
        <dd className="font-mono text-lg tracking-widest" data-testid="cli-display-code">
          {input.code}
        </dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Answer goes to</dt>
        <dd className="font-mono text-xs">{target.host} on this computer</dd>
      </dl>
      <p className="text-sm text-slate-700 dark:text-slate-300">Approve only if you just ran gatehouse login and your terminal shows this same code.</p>
      <LoginApproval approve="/api/cli/login/approve" deny="/api/cli/login/deny" body={{ ...input }} />
    </div>
  );
}
