"use client";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { SessionsTable } from "@/components/shell/sessions-table";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import type { SessionListing } from "@/lib/instances/session-types";

export function SessionsClient({ listing }: { listing: SessionListing }) {
  const router = useRouter();
  return (
    <div className="space-y-4">
      {listing.problems.map((problem) => (
        <Notice
          key={`${problem.accountId}:${problem.region}`}
          tone="warning"
          title={`Live status unavailable for ${problem.accountName} (${problem.accountId}), ${problem.region}`}
        >
          <p>{problem.message}</p>
          <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => router.refresh()}>
            Retry
          </button>
        </Notice>
      ))}
      {listing.sessions.length === 0 ? (
        <Notice title="No sessions yet">
          {listing.everyone ? "Nobody has started a shell through Gatehouse yet." : "You have not started a shell yet."}{" "}
          <Link href="/instances" className="text-brand-700 dark:text-brand-300 underline">
            Open one from the instances page
          </Link>
          .
        </Notice>
      ) : (
        <SessionsTable rows={listing.sessions} showUser={listing.everyone} />
      )}
    </div>
  );
}
