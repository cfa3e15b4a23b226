import type { Metadata } from "next";
import { ExplainForm, type ExplainFormValues } from "@/components/access-explain/explain-form";
import { ExplanationView } from "@/components/access-explain/explanation-view";
import { AdminTabs } from "@/components/admin-access/admin-tabs";
import { Notice } from "@/components/ui/notice";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { explainAccess } from "@/lib/access-explain/explain-access";
import type { Explanation } from "@/lib/access-explain/explain-api";
import { explainInputSchema } from "@/lib/access-explain/explain-input";
import { subjectOf } from "@/lib/actor/actor";
import { requireActor } from "@/lib/actor/from-request";
import { ServiceError } from "@/lib/errors";

export const metadata: Metadata = { title: "Why, and why not" };
export const dynamic = "force-dynamic";

const FIELDS = ["person", "kind", "accountId", "roleName", "instanceId", "region", "port", "host"] as const;

export default async function ExplainPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const raw = await searchParams;
  const values = Object.fromEntries(FIELDS.map((name) => [name, typeof raw[name] === "string" ? raw[name] : ""])) as ExplainFormValues;
  const admin = decide(subjectOf(actor), { action: "admin:access" }, { policy: await getAccessPolicy() }).allowed;
  const asked = Boolean(values.accountId);
  let answer: Explanation | null = null;
  let problem: { title: string; message: string } | null = null;
  if (asked) {
    const parsed = explainInputSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, value]) => value !== "")));
    if (!parsed.success) {
      problem = {
        title: "This request cannot be explained",
        message: parsed.error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`).join("; "),
      };
    } else {
      try {
        answer = await explainAccess({ actor, input: parsed.data });
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.status >= 500 && !error.retryable)) throw error;
        problem = { title: error.status === 403 ? "Not yours to ask" : "No answer", message: error.message };
      }
    }
  }
  const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== "")).toString();
  return (
    <div className="space-y-6">
      {admin ? <AdminTabs current="/access/explain" /> : null}
      <header>
        <h1 className="text-2xl font-semibold">Why, and why not</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          For a console role, a shell or a port forward: which of Gatehouse&apos;s rules decide it, and whether AWS would let it through: each hop of the role
          chain, the role&apos;s own IAM policies and the SCPs on the account&apos;s path (asked with IAM&apos;s policy simulator).
          {admin ? " As an administrator you may ask it for anyone." : " You may ask it for yourself."}
        </p>
      </header>
      <ExplainForm values={values} admin={admin} />
      {problem ? (
        <Notice tone="error" title={problem.title}>
          {problem.message}
        </Notice>
      ) : null}
      {answer ? <ExplanationView answer={answer} retryHref={`/access/explain?${query}`} /> : null}
    </div>
  );
}
