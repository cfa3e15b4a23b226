import { Suspense } from "react";
import { FavouriteAndRecentRoles } from "@/components/console/favourite-and-recent-roles";
import { YourAccess } from "@/components/console/your-access";
import { LandingSearch } from "@/components/palette/landing-search";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/actor/from-request";

export default async function OverviewPage() {
  const user = await requireActor();
  const expires = new Date(user.expiresAt);
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Signed in as <span data-testid="overview-email">{user.email}</span> ({user.email.split("@")[1]}). This sign-in lasts until <Time value={expires} />.
        </p>
      </section>
      <LandingSearch />
      <section aria-labelledby="groups-heading" className="rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-5">
        <h2 id="groups-heading" className="font-semibold">
          Your Google groups
        </h2>
        {user.groups.length ? (
          <ul className="mt-2 flex flex-wrap gap-2" data-testid="overview-groups">
            {user.groups.map((g) => (
              <li key={g} className="rounded-full bg-brand-50 dark:bg-brand-950 px-3 py-1 text-sm text-brand-700 dark:text-brand-300">
                {g}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="overview-groups">
            You are in no Google groups that Gatehouse knows, so you have no AWS access yet. Ask your administrator to add you to a group.
          </p>
        )}
      </section>
      <Suspense fallback={<p className="text-sm text-slate-500 dark:text-slate-400">Loading your favourite and recent roles…</p>}>
        <FavouriteAndRecentRoles />
      </Suspense>
      <Suspense fallback={<p className="text-sm text-slate-500 dark:text-slate-400">Loading your access…</p>}>
        <YourAccess user={user} />
      </Suspense>
    </div>
  );
}
