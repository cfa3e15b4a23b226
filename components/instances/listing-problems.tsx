"use client";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import type { ListingProblem } from "@/lib/instances/listing-types";

// One notice per account/region that could not be listed; the instances from everywhere else are still shown.

export function ListingProblems({
  problems,
  retrying,
  onRetry,
}: {
  problems: ListingProblem[];
  retrying: string | null;
  onRetry: (problem: ListingProblem) => void;
}) {
  if (problems.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Accounts and regions that could not be listed">
      {problems.map((problem) => {
        const key = `${problem.accountId}:${problem.region}`;
        return (
          <li key={key} data-testid="listing-problem" data-account-id={problem.accountId} data-region={problem.region}>
            <Notice tone="warning" title={`Could not list ${problem.accountName} (${problem.accountId}), ${problem.region}`}>
              <p>{problem.message}</p>
              <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => onRetry(problem)} disabled={retrying !== null}>
                {retrying === key ? "Retrying…" : "Retry"}
              </button>
            </Notice>
          </li>
        );
      })}
    </ul>
  );
}
