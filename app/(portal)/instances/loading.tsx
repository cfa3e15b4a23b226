// Shown while the instance listing fans out over accounts and regions.
export default function InstancesLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <h1 className="text-2xl font-semibold">Instances</h1>
      <p role="status" className="text-slate-600 dark:text-slate-400">
        Loading instances from your accounts and regions…
      </p>
      <div className="space-y-2" aria-hidden>
        {Array.from({ length: 5 }, (_, index) => (
          <div key={index} className="h-10 animate-pulse rounded-md bg-slate-200 dark:bg-slate-700" />
        ))}
      </div>
    </div>
  );
}
