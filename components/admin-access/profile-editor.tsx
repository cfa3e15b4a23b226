"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { AccessDiffView } from "@/components/admin-access/access-diff-view";
import { postPolicy } from "@/components/admin-access/policy-requests";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import type { Applied, Preview, TextIssue } from "@/lib/profile-versions/policy-api";

// Editing the access profiles: the text in force (or a file loaded from disk) → Preview (errors with line and field,
// or who gains and loses what) → Apply with a message. Apply is offered only for the text that was previewed, and is
// sent with the version the preview was made against, so a change applied meanwhile by someone else is a conflict to
// preview again, never overwritten. Nothing typed is lost on a failure.

type State =
  | { step: "editing" }
  | { step: "busy"; what: "preview" | "apply" }
  | { step: "previewed"; preview: Preview; text: string }
  | { step: "failed"; message: string; conflict: boolean }
  | { step: "applied"; applied: Applied };

const field = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900";

function IssueList({ issues, onPick }: { issues: TextIssue[]; onPick: (issue: TextIssue) => void }) {
  return (
    <ul className="mt-2 space-y-1" data-testid="policy-issues">
      {issues.map((issue) => (
        <li key={`${issue.line}:${issue.column}:${issue.path}`}>
          <button type="button" className="text-left underline decoration-dotted" onClick={() => onPick(issue)}>
            Line {issue.line}, column {issue.column}
            {issue.path ? ` · ${issue.path}` : ""}: {issue.message}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ProfileEditor({ initialText, version }: { initialText: string; version: number }) {
  const router = useRouter();
  const [text, setText] = useState(initialText);
  const [message, setMessage] = useState("");
  const [state, setState] = useState<State>({ step: "editing" });
  const editor = useRef<HTMLTextAreaElement>(null);
  const busy = state.step === "busy";

  const pickIssue = (issue: TextIssue) => {
    const area = editor.current;
    if (!area) return;
    const lines = text.split("\n");
    const start = lines.slice(0, issue.line - 1).reduce((sum, line) => sum + line.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[issue.line - 1]?.length ?? 0));
  };

  const preview = async () => {
    setState({ step: "busy", what: "preview" });
    const answer = await postPolicy<Preview>("/api/admin/policy/preview", { text });
    setState(answer.ok ? { step: "previewed", preview: answer.body, text } : { step: "failed", message: answer.message, conflict: false });
  };

  const apply = async (base: number) => {
    setState({ step: "busy", what: "apply" });
    const answer = await postPolicy<Applied>("/api/admin/policy", { text, message, expectedVersion: base });
    if (!answer.ok) return setState({ step: "failed", message: answer.message, conflict: answer.status === 409 });
    setState({ step: "applied", applied: answer.body });
    setMessage("");
    router.refresh();
  };

  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setState({ step: "editing" });
  };

  const current = state.step === "previewed" && state.text === text ? state.preview : null;
  const stale = state.step === "previewed" && state.text !== text;

  return (
    <section aria-labelledby="edit-heading" className="space-y-4">
      <h2 id="edit-heading" className="text-lg font-semibold">
        Change the profiles
      </h2>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="inline-flex items-center gap-2">
          <span>Load a file</span>
          <input type="file" accept=".yaml,.yml,.json,text/yaml,application/json" onChange={(event) => void loadFile(event.target.files?.[0])} />
        </label>
        <button type="button" className={buttonStyles.subtle} onClick={() => (setText(initialText), setState({ step: "editing" }))}>
          Start again from version {version}
        </button>
      </div>
      <label className="block">
        <span className="text-sm font-medium">Profile text (YAML or JSON)</span>
        <textarea
          ref={editor}
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          // YAML is indentation: long lines scroll sideways instead of wrapping under the next level.
          wrap="off"
          rows={22}
          className={`${field} mt-1 font-mono text-xs leading-5`}
          data-testid="policy-text"
        />
      </label>
      <button type="button" className={buttonStyles.primary} onClick={() => void preview()} disabled={busy} aria-busy={busy}>
        {busy && state.what === "preview" ? "Checking…" : "Preview changes"}
      </button>

      <div aria-live="polite" className="space-y-4">
        {stale ? <Notice title="The text changed since the preview">Preview again to see what it changes before applying it.</Notice> : null}
        {state.step === "failed" ? (
          <Notice tone="error" title={state.conflict ? "Someone else changed the profiles meanwhile" : "Not applied"}>
            <p>{state.message}</p>
            <p className="mt-1">Your text is still here.</p>
            <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => void preview()}>
              Preview again
            </button>
          </Notice>
        ) : null}
        {state.step === "applied" ? (
          <Notice title={state.applied.unchanged ? "Nothing to apply" : `Version ${state.applied.version} is in force`}>
            {state.applied.unchanged ? "This text is the version in force already." : state.applied.summary}
          </Notice>
        ) : null}
        {current && !current.valid ? (
          <Notice tone="error" title={`${current.issues.length} ${current.issues.length === 1 ? "problem" : "problems"}: nothing can be applied`}>
            <IssueList issues={current.issues} onPick={pickIssue} />
          </Notice>
        ) : null}
        {current?.valid && current.unchanged ? <Notice title="No change">This is the text of version {current.baseVersion}, in force now.</Notice> : null}
        {current?.valid && !current.unchanged ? (
          <div className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
            <h3 className="font-semibold">What version {current.baseVersion + 1} changes</h3>
            <AccessDiffView diff={current.diff} />
            {current.warnings.map((warning) => (
              <Notice key={warning} tone="warning" title="Check this">
                {warning}
              </Notice>
            ))}
            {current.refusal ? (
              <Notice tone="error" title="This version cannot be applied">
                {current.refusal}
              </Notice>
            ) : (
              <form
                className="space-y-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  void apply(current.baseVersion);
                }}
              >
                <label className="block">
                  <span className="text-sm font-medium">What is this change for?</span>
                  <input
                    value={message}
                    onChange={(event) => setMessage(event.target.value)}
                    required
                    maxLength={500}
                    className={`${field} mt-1`}
                    placeholder="e.g. Developers get Admin in API Dev (ticket OPS-123)"
                  />
                </label>
                <button type="submit" className={buttonStyles.primary} disabled={busy} aria-busy={busy}>
                  {busy && state.what === "apply" ? "Applying…" : `Apply as version ${current.baseVersion + 1}`}
                </button>
              </form>
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}
