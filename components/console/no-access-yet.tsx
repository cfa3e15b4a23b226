import Link from "next/link";
import { describeAccessRequest } from "@/lib/console/access-request";

// Your access, when there is none: say so plainly and what to do, instead of pointing at pages the person cannot
// use. Someone with a profile but no role (the organization not synced yet, or rules that match no account) is
// told to look at the Organization page, which they can view.
export async function NoAccessYet({ profiled }: { profiled: boolean }) {
  if (profiled) {
    return (
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="your-access-empty">
        Your profiles grant no account role yet. The organization may not be synced: check the{" "}
        <Link className="text-brand-700 underline dark:text-brand-300" href="/organization">
          Organization
        </Link>{" "}
        page, or ask an administrator.
      </p>
    );
  }
  const request = await describeAccessRequest();
  return (
    <div className="mt-2 space-y-2 text-sm text-slate-700 dark:text-slate-300" data-testid="your-access-empty">
      <p className="text-base font-semibold" data-testid="no-aws-access">
        You have no AWS access yet
      </p>
      <p>
        Gatehouse gives AWS access by Google group, and none of your groups is granted any. Until one is, there is nothing to open here: no account, console or
        instance.
      </p>
      <p data-testid="access-request">
        What to do:{" "}
        {request.kind === "link" ? (
          <a className="text-brand-700 underline dark:text-brand-300" href={request.href} rel="noopener noreferrer">
            {request.text}
          </a>
        ) : (
          <>
            ask your administrator{request.admins.length ? ` (admins: ${request.admins.join(", ")})` : ""} to add you to the Google group for your team. After
            that, sign out and in again.
          </>
        )}
      </p>
    </div>
  );
}
