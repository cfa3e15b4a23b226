// Shown while the tree page's data loads from the database.
export default function OrganizationLoading() {
  return (
    <div className="space-y-4" aria-busy="true">
      <h1 className="text-2xl font-semibold">Organization</h1>
      <p role="status" className="text-sm text-slate-500 dark:text-slate-400">
        Loading the organization…
      </p>
    </div>
  );
}
