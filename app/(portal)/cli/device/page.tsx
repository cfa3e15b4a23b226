import type { Metadata } from "next";
import { LoginApproval } from "@/components/cli/login-approval";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/actor/from-request";
import { lookUpDeviceLogin, type PendingDeviceLogin } from "@/lib/cli/device-login";
import { userCodeSchema } from "@/lib/cli/login-input";
import { ServiceError } from "@/lib/errors";

export const metadata: Metadata = { title: "Approve a command-line login" };
export const dynamic = "force-dynamic";

// /cli/device[?user_code=ABCD-EFGH] - the address `gatehouse login --no-browser` prints: the person signs in,
// checks that the code is the one their terminal shows, and approves. Every code looked up here counts against the
// person's own limit, so codes cannot be guessed from this page.

function CodeForm({ value }: { value?: string }) {
  return (
    <form method="get" action="/cli/device" className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Code shown in your terminal</span>
        <input
          name="user_code"
          defaultValue={value}
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
          placeholder="BCDF-GHJK"
          className="rounded border border-slate-300 dark:border-slate-600 px-2 py-1 font-mono uppercase tracking-widest"
        />
      </label>
      <button type="submit" className={buttonStyles.secondary}>
        Continue
      </button>
    </form>
  );
}

export default async function CliDevicePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const { user_code: raw } = await searchParams;
  const header = (
    <header>
      <h1 className="text-2xl font-semibold">Approve a command-line login</h1>
      <p className="mt-1 text-slate-600 dark:text-slate-400">For a terminal that ran gatehouse login --no-browser.</p>
    </header>
  );
  if (typeof raw !== "string" || raw.trim() === "") {
    return (
      <div className="max-w-2xl space-y-6">
        {header}
        <CodeForm />
      </div>
    );
  }
  const code = userCodeSchema.safeParse(raw);
  let pending: PendingDeviceLogin | null = null;
  let problem: string | null = code.success ? null : "That is not a code Gatehouse gives out: eight letters, like BCDF-GHJK.";
  if (code.success) {
    try {
      pending = await lookUpDeviceLogin({ actor, input: { userCode: code.data } });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      problem = error.message;
    }
  }
  if (!pending) {
    return (
      <div className="max-w-2xl space-y-6">
        {header}
        <Notice tone="error" title="No login to approve">
          <p data-testid="cli-device-problem">{problem}</p>
        </Notice>
        <CodeForm value={raw.slice(0, 32)} />
      </div>
    );
  }
  return (
    <div className="max-w-2xl space-y-6">
      {header}
      <p className="text-slate-700 dark:text-slate-300">
        A terminal asks to act as <strong>{actor.email}</strong> with the <code>gatehouse</code> command line, until its sign-in ends.
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4 text-sm">
        <dt className="font-medium text-slate-600 dark:text-slate-400">Device</dt>
        <dd data-testid="cli-device-name">{pending.deviceName}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Code</dt>
        <dd className="font-mono text-lg tracking-widest" data-testid="cli-display-code">
          {pending.userCode}
        </dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Asked from</dt>
        <dd className="font-mono text-xs">
          {pending.sourceIp ?? "an unknown address"}, at <Time value={pending.requestedAt} />
        </dd>
      </dl>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Approve only if you started this login yourself and your terminal shows this same code. Never approve a code someone sent you.
      </p>
      <LoginApproval
        approve="/api/cli/device/approve"
        deny="/api/cli/device/deny"
        body={{ user_code: pending.userCode }}
        done={{
          approved: "Approved. Your terminal is signed in within a few seconds; you can close this page.",
          denied: "Denied. The terminal was not signed in.",
        }}
      />
    </div>
  );
}
