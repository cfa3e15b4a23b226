import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import { getActor, requireActor } from "@/lib/actor/from-request";
import { findOwnShellSession } from "@/lib/instances/find-shell-session";
import { ShellPageClient } from "./client";

// The tab names the instance, so several shells open side by side can be told apart.
export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const actor = await getActor();
  const session = actor ? await findOwnShellSession(actor.sub, safeDecode((await params).sessionId)) : null;
  return { title: session ? `Shell on ${session.instanceId}` : "Shell" };
}
export const dynamic = "force-dynamic";

// Session ids hold "@" (the RoleSessionName is the email), which arrives percent-encoded or not depending on the link.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export default async function ShellPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const user = await requireActor();
  const { sessionId } = await params;
  const session = await findOwnShellSession(user.sub, safeDecode(sessionId));
  if (!session) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Shell</h1>
        <Notice tone="error" title="No such session">
          You have no shell session with this id. Open a shell from the instances page.
        </Notice>
        <Link href="/instances" className={buttonStyles.secondary}>
          Go to instances
        </Link>
      </div>
    );
  }
  return <ShellPageClient session={session} />;
}
