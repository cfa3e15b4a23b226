import type { Metadata } from "next";
import { AccessFilterForm } from "@/components/admin-access/access-filter-form";
import { AccessCellsTable } from "@/components/admin-access/access-cells-table";
import { AdminTabs } from "@/components/admin-access/admin-tabs";
import { Notice } from "@/components/ui/notice";
import { requireActor } from "@/lib/actor/from-request";
import { getAccessMatrix, type AccessMatrixResult } from "@/lib/admin-access/access-matrix-service";
import { accessFiltersSchema, type AccessFilters } from "@/lib/admin-access/filters";
import { ServiceError } from "@/lib/errors";

export const metadata: Metadata = { title: "Who can reach what" };
export const dynamic = "force-dynamic";

const FIELDS = ["person", "group", "ou", "account", "role"] as const;
const SHOWN = 500;

export default async function AccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const raw = await searchParams;
  const values = Object.fromEntries(FIELDS.map((field) => [field, typeof raw[field] === "string" ? raw[field] : ""])) as Record<
    (typeof FIELDS)[number],
    string
  >;
  const parsed = accessFiltersSchema.safeParse(values);
  const filters: AccessFilters = parsed.success ? parsed.data : {};
  let result: AccessMatrixResult;
  try {
    result = await getAccessMatrix({ actor, input: filters });
  } catch (error) {
    if (error instanceof ServiceError && error.status === 403) {
      return (
        <Notice tone="warning" title="Only administrators can see who can reach what">
          {error.message}
        </Notice>
      );
    }
    throw error;
  }
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const exportHref = (format: string) => `/api/admin/access/export?${new URLSearchParams([...query, ["format", format]])}`;
  const question =
    filters.account && filters.role ? `Who can open ${filters.role} in ${result.cells[0]?.accountName ?? filters.account}` : "Who can reach what";
  return (
    <div className="space-y-6">
      <AdminTabs current="/access" />
      <header>
        <h1 className="text-2xl font-semibold">{question}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Every person, account and console role the access profiles grant, with the profile that grants it. Give an account and a role to ask who can open it.
          Profile version <code className="break-all">{result.profileVersion}</code>, generated <span data-testid="generated-at">{result.generatedAt}</span>.
        </p>
      </header>
      {result.peopleNote ? (
        <Notice tone={result.peopleSource === "directory" ? "info" : "warning"} title="About the people listed">
          <span data-testid="people-note">{result.peopleNote}</span>
        </Notice>
      ) : null}
      <AccessFilterForm values={values} />
      {!parsed.success ? (
        <Notice tone="error" title="These filters cannot be used">
          {parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}
        </Notice>
      ) : null}
      <p className="flex flex-wrap gap-4 text-sm">
        <a className="font-medium text-blue-700 underline dark:text-blue-300" href={exportHref("csv")} data-testid="export-csv">
          Export as CSV
        </a>
        <a className="font-medium text-blue-700 underline dark:text-blue-300" href={exportHref("json")} data-testid="export-json">
          Export as JSON
        </a>
      </p>
      {result.cells.length === 0 ? (
        <Notice title="Nobody matches">No person reaches an account with these filters.</Notice>
      ) : (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="access-summary">
            {result.people.length} {result.people.length === 1 ? "person" : "people"}, {result.cells.length} account roles
            {result.cells.length > SHOWN ? `; the first ${SHOWN} are shown here, the export has them all` : ""}.
          </p>
          <AccessCellsTable cells={result.cells.slice(0, SHOWN)} />
        </>
      )}
    </div>
  );
}
