import { buttonStyles } from "@/components/ui/button-styles";

// The matrix's filters as a plain GET form, so it works without JavaScript and every answer has a link.

const FIELDS = [
  { name: "person", label: "Person (e-mail)", placeholder: "dana@example.com" },
  { name: "group", label: "Group (e-mail)", placeholder: "developers@example.com" },
  { name: "ou", label: "OU id", placeholder: "ou-gh00-service1" },
  { name: "account", label: "Account id", placeholder: "333333333333" },
  { name: "role", label: "Role", placeholder: "Admin" },
] as const;

export function AccessFilterForm({ values }: { values: Record<(typeof FIELDS)[number]["name"], string> }) {
  return (
    <form method="get" action="/access" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6 items-end" aria-label="Filters">
      {FIELDS.map((field) => (
        <label key={field.name} className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{field.label}</span>
          <input
            name={field.name}
            defaultValue={values[field.name]}
            placeholder={field.placeholder}
            className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
      ))}
      <button type="submit" className={buttonStyles.primary}>
        Show
      </button>
    </form>
  );
}
