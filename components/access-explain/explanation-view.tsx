import type { ActionCheck, Explanation } from "@/lib/access-explain/explain-api";
import { Notice } from "@/components/ui/notice";

// The whole answer: one sentence, then Gatehouse's side (the rule that matched, or the nearest one), then AWS's:
// each hop of the role chain, and for shells and forwards what the role's policies and the SCPs decide.

const mark = (ok: boolean) => (
  <span aria-hidden="true" className={ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}>
    {ok ? "✓" : "✗"}
  </span>
);

function ActionRow({ check }: { check: ActionCheck }) {
  const ok = check.decision === "allowed";
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-700" data-testid="explain-action">
      <p className="break-all">
        {mark(ok)} <span className="sr-only">{ok ? "allowed: " : "refused: "}</span>
        <code>{check.action}</code> on <code>{check.resource}</code>: <strong>{check.decision}</strong>
      </p>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        The SCPs on the account&apos;s path{" "}
        {check.allowedByOrganizations === false ? "refuse it" : check.allowedByOrganizations ? "allow it" : "were not reported"}
        {check.matchedPolicies.length ? `; the role's policies that decided: ${check.matchedPolicies.join(", ")}` : ""}.
      </p>
      {check.scps.length ? (
        <ul className="mt-1 list-disc pl-5 text-sm" data-testid="explain-scps">
          {check.scps.map((scp) => (
            <li key={`${scp.policyId}${scp.statement}`}>
              {scp.kind === "deny"
                ? `SCP ${scp.policyName} (${scp.policyId}), attached to ${scp.attachedTo}: statement ${scp.statement} denies it${scp.certain ? "" : " (it may: a condition Gatehouse cannot judge)"}.`
                : `Nothing attached to ${scp.attachedTo} (${scp.policyName}) allows it.`}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function ExplanationView({ answer, retryHref }: { answer: Explanation; retryHref: string }) {
  const refused = !answer.gatehouse.allowed || answer.aws?.hops.some((hop) => !hop.ok) || answer.aws?.actions.some((a) => a.decision !== "allowed");
  return (
    <div className="space-y-5" data-testid="explanation">
      <Notice tone={refused ? "warning" : "info"} title={`For ${answer.person}: ${answer.request}`}>
        <p data-testid="explain-summary">{answer.summary}</p>
      </Notice>
      <section aria-labelledby="gatehouse-side" className="space-y-1">
        <h2 id="gatehouse-side" className="text-lg font-semibold">
          Gatehouse&apos;s rules
        </h2>
        <p className="text-sm">
          {mark(answer.gatehouse.allowed)} {answer.gatehouse.reason}
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Profiles held: {answer.gatehouse.profiles.length ? answer.gatehouse.profiles.map((p) => `${p.name} (${p.id})`).join(", ") : "none"}.
        </p>
      </section>
      <section aria-labelledby="aws-side" className="space-y-2">
        <h2 id="aws-side" className="text-lg font-semibold">
          AWS
        </h2>
        {!answer.aws ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Not asked: Gatehouse refuses the request, so it never reaches AWS.</p>
        ) : (
          <>
            <ol className="space-y-1 text-sm" data-testid="explain-hops">
              {answer.aws.hops.map((hop) => (
                <li key={hop.to} className="break-all">
                  {mark(hop.ok)} {hop.from} → {hop.to}
                  {hop.message ? <span className="block pl-5 text-red-800 dark:text-red-200">{hop.message}</span> : null}
                </li>
              ))}
            </ol>
            {answer.aws.note ? <p className="text-sm text-slate-600 dark:text-slate-400">{answer.aws.note}</p> : null}
            {answer.aws.problem ? (
              <Notice tone="error" title="AWS could not be asked">
                {answer.aws.problem.message}{" "}
                {answer.aws.problem.retryable ? (
                  <a className="underline" href={retryHref}>
                    Try again
                  </a>
                ) : null}
              </Notice>
            ) : null}
            {answer.aws.actions.length ? (
              <ul className="space-y-2">
                {answer.aws.actions.map((check) => (
                  <ActionRow key={`${check.action}${check.resource}`} check={check} />
                ))}
              </ul>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
