import { buttonStyles } from "@/components/ui/button-styles";

// The question, as a plain GET form (the answer is a page with its own address, to share or reload). Administrators
// also get "Person"; everyone else asks about themselves.

export type ExplainFormValues = Record<"person" | "kind" | "accountId" | "roleName" | "instanceId" | "region" | "port" | "host", string>;

const field = "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900";

function Input({ name, label, hint, values }: { name: keyof ExplainFormValues; label: string; hint?: string; values: ExplainFormValues }) {
  return (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      {hint ? <span className="text-slate-500 dark:text-slate-400"> · {hint}</span> : null}
      <input name={name} defaultValue={values[name]} className={field} autoComplete="off" />
    </label>
  );
}

export function ExplainForm({ values, admin }: { values: ExplainFormValues; admin: boolean }) {
  return (
    <form method="get" action="/access/explain" className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="The request to explain">
      {admin ? <Input name="person" label="Person" hint="e-mail; empty for you" values={values} /> : null}
      <label className="block text-sm">
        <span className="font-medium">Request</span>
        <select name="kind" defaultValue={values.kind || "console"} className={field}>
          <option value="console">Console as a role</option>
          <option value="shell">Shell on an instance</option>
          <option value="forward">Port forward from an instance</option>
        </select>
      </label>
      <Input name="accountId" label="Account id" values={values} />
      <Input name="roleName" label="Role" hint="console" values={values} />
      <Input name="instanceId" label="Instance id" hint="shell, forward" values={values} />
      <Input name="region" label="Region" hint="shell, forward" values={values} />
      <Input name="port" label="Port" hint="forward" values={values} />
      <Input name="host" label="Remote host" hint="forward, optional" values={values} />
      <button type="submit" className={buttonStyles.primary}>
        Explain
      </button>
    </form>
  );
}
