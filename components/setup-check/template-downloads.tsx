// The three generated templates as downloads, each with what it is for (docs/iam-templates.md).

const TEMPLATES = [
  {
    kind: "custodian",
    title: "Custodian roles",
    text: "One stack in the identity account: a role per profile's Custodian role, trusting Gatehouse's broker (sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity) and allowed to assume the target roles its profiles name.",
  },
  {
    kind: "targets",
    title: "Target roles (StackSets)",
    text: "Create in the management account: one service-managed StackSet per target role, auto-deployed to the OUs the profiles name (the root for accounts: all), each role trusting the Custodian roles that reach it. Needs trusted access for StackSets and CAPABILITY_NAMED_IAM.",
  },
  {
    kind: "management",
    title: "Management account",
    text: "StackSets never deploy to the organization's management account, even when it sits in a targeted OU or the root. If the profiles grant roles there, deploy this plain stack in the management account yourself.",
  },
] as const;

export function TemplateDownloads() {
  return (
    <section aria-labelledby="templates-heading" className="space-y-3">
      <h2 id="templates-heading" className="text-lg font-semibold">
        Templates
      </h2>
      <ul className="grid gap-3 md:grid-cols-3">
        {TEMPLATES.map((template) => (
          <li key={template.kind} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <h3 className="font-medium">{template.title}</h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{template.text}</p>
            <a
              className="mt-2 inline-block text-sm font-medium text-blue-700 underline dark:text-blue-300"
              href={`/api/admin/iam-template?kind=${template.kind}`}
              data-testid={`template-${template.kind}`}
              download
            >
              Download {template.title.toLowerCase()} template
            </a>
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Managed policies default to AdministratorAccess for roles named like &quot;Admin&quot; and ReadOnlyAccess otherwise; change them with the template
        parameters. The same templates: <code>gatehouse iam-template --kind custodian|targets|management</code>.
      </p>
    </section>
  );
}
