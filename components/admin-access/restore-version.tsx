"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AccessDiffView } from "@/components/admin-access/access-diff-view";
import { postPolicy } from "@/components/admin-access/policy-requests";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import type { Applied, Preview } from "@/lib/profile-versions/policy-api";

// Restoring an earlier version: first what it would change against the version in force, then Restore, which adds
// it as a new version (the version check applies, as for any change).

type State =
  { step: "idle" } | { step: "busy" } | { step: "previewed"; preview: Preview } | { step: "failed"; message: string } | { step: "restored"; applied: Applied };

export function RestoreVersion({ version }: { version: number }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ step: "idle" });
  const [message, setMessage] = useState(`Restore version ${version}`);

  const preview = async () => {
    setState({ step: "busy" });
    const answer = await postPolicy<Preview>("/api/admin/policy/preview", { restore: version });
    setState(answer.ok ? { step: "previewed", preview: answer.body } : { step: "failed", message: answer.message });
  };
  const restore = async (base: number) => {
    setState({ step: "busy" });
    const answer = await postPolicy<Applied>("/api/admin/policy/restore", { version, expectedVersion: base, message });
    if (!answer.ok) return setState({ step: "failed", message: answer.message });
    setState({ step: "restored", applied: answer.body });
    router.refresh();
  };

  const previewed = state.step === "previewed" ? state.preview : null;
  return (
    <section aria-labelledby="restore-heading" className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <h2 id="restore-heading" className="text-lg font-semibold">
        Restore this version
      </h2>
      <button
        type="button"
        className={buttonStyles.secondary}
        onClick={() => void preview()}
        disabled={state.step === "busy"}
        aria-busy={state.step === "busy"}
      >
        {state.step === "busy" ? "Working…" : `Preview restoring version ${version}`}
      </button>
      <div aria-live="polite" className="space-y-3">
        {state.step === "failed" ? (
          <Notice tone="error" title="Not restored">
            <p>{state.message}</p>
            <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => void preview()}>
              Preview again
            </button>
          </Notice>
        ) : null}
        {state.step === "restored" ? (
          <Notice title={state.applied.unchanged ? "Nothing to restore" : `Version ${state.applied.version} is in force`}>
            {state.applied.unchanged
              ? `Version ${version}'s text is the version in force already.`
              : `It restores version ${version}: ${state.applied.summary}.`}
          </Notice>
        ) : null}
        {previewed && !previewed.valid ? (
          <Notice tone="error" title="This version is no longer valid">
            <pre className="whitespace-pre-wrap">{previewed.message}</pre>
          </Notice>
        ) : null}
        {previewed?.valid && previewed.unchanged ? <Notice title="No change">Version {version}&apos;s text is the version in force.</Notice> : null}
        {previewed?.valid && !previewed.unchanged ? (
          <>
            <h3 className="font-semibold">What restoring changes against version {previewed.baseVersion}</h3>
            <AccessDiffView diff={previewed.diff} />
            {previewed.warnings.map((warning) => (
              <Notice key={warning} tone="warning" title="Check this">
                {warning}
              </Notice>
            ))}
            {previewed.refusal ? (
              <Notice tone="error" title="This version cannot be restored">
                {previewed.refusal}
              </Notice>
            ) : (
              <form
                className="space-y-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  void restore(previewed.baseVersion);
                }}
              >
                <label className="block">
                  <span className="text-sm font-medium">Message</span>
                  <input
                    value={message}
                    onChange={(event) => setMessage(event.target.value)}
                    required
                    maxLength={500}
                    className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
                  />
                </label>
                <button type="submit" className={buttonStyles.primary}>
                  Restore as version {previewed.baseVersion + 1}
                </button>
              </form>
            )}
          </>
        ) : null}
      </div>
    </section>
  );
}
