import Link from "next/link";
import type { AccessRequest } from "@/lib/console/access-request";

// The page a refused person sees (a role, an account or an instance they may not reach): why, what they can do
// instead (links the server built from their own access), how to ask for access, and the way back. Never a dead end.

export interface Alternative {
  href: string;
  label: string;
  detail?: string;
}

export function AccessRefused({
  title,
  reason,
  alternatives,
  alternativesTitle,
  request,
  explainHref,
}: {
  explainHref?: string;
  title: string;
  reason: string;
  alternatives: Alternative[];
  alternativesTitle: string;
  request: AccessRequest;
}) {
  return (
    <section aria-labelledby="refused-heading" className="space-y-5" data-testid="access-refused">
      <div
        role="alert"
        className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        <h1 id="refused-heading" className="text-xl font-semibold">
          {title}
        </h1>
        <p className="mt-1 text-sm" data-testid="access-refused-reason">
          {reason}
        </p>
      </div>
      {explainHref ? (
        <p className="text-sm">
          <a className="text-brand-700 underline dark:text-brand-300" href={explainHref} data-testid="access-explain-link">
            Why? See the whole answer: Gatehouse&apos;s rules and what AWS would say
          </a>
        </p>
      ) : null}
      {alternatives.length > 0 ? (
        <div>
          <h2 className="font-semibold">{alternativesTitle}</h2>
          <ul className="mt-2 space-y-1 text-sm" data-testid="access-alternatives">
            {alternatives.map((item) => (
              <li key={item.href}>
                <Link className="text-brand-700 underline dark:text-brand-300" href={item.href}>
                  {item.label}
                </Link>
                {item.detail ? <span className="text-slate-600 dark:text-slate-400"> · {item.detail}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <h2 className="font-semibold">Need access?</h2>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="access-request">
          {request.kind === "link" ? (
            <a className="text-brand-700 underline dark:text-brand-300" href={request.href} rel="noopener noreferrer">
              {request.text}
            </a>
          ) : (
            <>
              Ask your administrator{request.admins.length ? ` (admins: ${request.admins.join(", ")})` : ""} to add you to the Google group that grants it, and
              send them the address of this page.
            </>
          )}
        </p>
      </div>
      <nav aria-label="Where to go instead" className="flex flex-wrap gap-4 text-sm">
        <Link className="text-brand-700 underline dark:text-brand-300" href="/">
          Back to the overview
        </Link>
        <Link className="text-brand-700 underline dark:text-brand-300" href="/audit">
          Your audit log
        </Link>
      </nav>
    </section>
  );
}
