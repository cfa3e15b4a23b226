// POST /api/org/sync - an administrator starts an organization sync now; GET /api/org/sync - the latest sync's status
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { writeAuditEvent } from "@/lib/audit/write-audit-event";
import { getConfig } from "@/lib/config";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { getRequestMeta } from "@/lib/http/request-meta";
import { assertSameOriginRequest, loadOrgViewer, subjectOf } from "@/lib/org/org-access";
import { startOrgSync } from "@/lib/org/start-sync";
import { toSyncView } from "@/lib/org/sync-status";
import { getSyncStatus } from "@/lib/org/tree";

export const dynamic = "force-dynamic";

const unauthenticated = () => errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));

export async function GET() {
  const user = await getCurrentUser();
  if (!user) return unauthenticated();
  try {
    await loadOrgViewer(user);
    const { lastSync, lastSuccess } = await getSyncStatus();
    return NextResponse.json({ lastSync: toSyncView(lastSync), lastSuccess: toSyncView(lastSuccess) }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  const user = await getCurrentUser();
  if (!user) return unauthenticated();
  try {
    assertSameOriginRequest(request, new URL(getConfig().NEXTAUTH_URL).origin);
    const [policy, meta] = await Promise.all([getAccessPolicy(), getRequestMeta()]);
    const decision = decide(subjectOf(user), { action: "admin:sync" }, { policy });
    const actor = { sub: user.sub, email: user.email };
    if (!decision.allowed) {
      await writeAuditEvent({ action: "org.sync", outcome: "denied", actor, reason: decision.reason, ...meta });
      throw new ApiError(403, decision.code, decision.reason);
    }
    await writeAuditEvent({ action: "org.sync", outcome: "allowed", actor, profileId: decision.profile.id, reason: decision.reason, ...meta });
    const started = await startOrgSync({ trigger: "admin", triggeredBy: user.email });
    if (!started.started) {
      return NextResponse.json(
        { status: "already-running", syncId: started.runningSyncId, message: "A sync is already running; its result will show here when it finishes." },
        { status: 409 },
      );
    }
    return NextResponse.json({ status: "running", syncId: started.syncId }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
