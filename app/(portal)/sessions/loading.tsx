// Shown while session status is read from Session Manager in each account and region.
export default function SessionsLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <h1 className="text-2xl font-semibold">Sessions</h1>
      <p role="status" className="text-slate-600 dark:text-slate-400">
        Loading sessions…
      </p>
      <div className="space-y-2" aria-hidden>
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="h-10 animate-pulse rounded-md bg-slate-200 dark:bg-slate-700" />
        ))}
      </div>
    </div>
  );
}
