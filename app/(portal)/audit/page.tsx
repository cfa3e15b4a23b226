import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { requireActor } from "@/lib/actor/from-request";
import { auditFilterSchema, listAuditActions, listAuditEvents } from "./audit-query";
import { AuditFilters } from "./audit-filters";
import { AuditPagination } from "./audit-pagination";
import { AuditTable } from "./audit-table";
import { errorField, logger } from "@/lib/log/logger";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireActor();
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
  let admin = false;
  let data: { rows: Awaited<ReturnType<typeof listAuditEvents>>; actions: string[] };
  try {
    const policy = await getAccessPolicy();
    admin = decide({ sub: user.sub, email: user.email, groups: user.groups }, { action: "audit:view-all" }, { policy }).allowed;
    const ownSub = admin ? null : user.sub;
    const [rows, actions] = await Promise.all([listAuditEvents(filter, ownSub), listAuditActions(ownSub)]);
    data = { rows, actions };
  } catch (error) {
    logger("audit").error({ err: errorField(error) }, "loading the audit log failed");
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <Notice tone="error" title="The audit log could not be loaded">
          Reload the page to try again; if it persists, tell your administrator.
        </Notice>
      </div>
    );
  }
  const filtered = Boolean(filter.actor || filter.action || filter.outcome);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="audit-scope">
          {admin ? "Every user's events (you are an administrator)." : "Your own events: sign-ins, consoles and shells you opened or were refused."} Newest
          first.
        </p>
      </div>
      <AuditFilters filter={filter} actions={data.actions} showActor={admin} />
      {data.rows.rows.length === 0 ? (
        <Notice title={filtered ? "No events match these filters" : "No events yet"}>
          {filtered ? "Change or clear the filters." : "Events appear here when you sign in, open a console or a shell."}
        </Notice>
      ) : (
        <>
          <AuditTable rows={data.rows.rows} />
          <AuditPagination filter={filter} hasMore={data.rows.hasMore} />
        </>
      )}
    </div>
  );
}
