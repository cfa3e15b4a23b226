import { requireActor } from "@/lib/actor/from-request";
import { listSavedConsoleRoles } from "@/lib/console/console-roles";
import { ConsoleRoleList } from "./console-role-list";
import { errorField, logger } from "@/lib/log/logger";

// The signed-in user's favourite and recently used roles, at the top of the Overview and Organization pages. Roles
// no longer permitted are left out (access can be withdrawn after a role was saved).
export async function FavouriteAndRecentRoles() {
  const user = await requireActor();
  let saved: Awaited<ReturnType<typeof listSavedConsoleRoles>>;
  try {
    saved = await listSavedConsoleRoles(user);
  } catch (error) {
    logger("console").error({ err: errorField(error) }, "loading favourite and recent roles failed");
    return (
      <section
        aria-labelledby="saved-roles-heading"
        className="rounded-lg border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 p-4 text-sm text-red-900 dark:text-red-100"
        role="alert"
      >
        <h2 id="saved-roles-heading" className="font-semibold">
          Favourite and recent roles
        </h2>
        <p>They could not be loaded just now. Reload the page to try again.</p>
      </section>
    );
  }
  const recent = saved.recent.filter((entry) => !entry.details.favourite);
  return (
    <section
      aria-labelledby="saved-roles-heading"
      className="rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-5"
      data-testid="saved-roles"
    >
      <h2 id="saved-roles-heading" className="font-semibold">
        Favourite and recent roles
      </h2>
      {saved.favourites.length === 0 && recent.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="saved-roles-empty">
          No favourites or recent roles yet. Roles you open appear here; mark one as a favourite from its Options.
        </p>
      ) : null}
      {saved.favourites.length > 0 ? (
        <>
          <h3 className="mt-3 text-sm font-semibold text-slate-700 dark:text-slate-300">Favourites</h3>
          <ConsoleRoleList entries={saved.favourites} label="Favourite roles" testId="favourite-roles" />
        </>
      ) : null}
      {recent.length > 0 ? (
        <>
          <h3 className="mt-3 text-sm font-semibold text-slate-700 dark:text-slate-300">Recently used</h3>
          <ConsoleRoleList entries={recent} label="Recently used roles" testId="recent-roles" />
        </>
      ) : null}
    </section>
  );
}
