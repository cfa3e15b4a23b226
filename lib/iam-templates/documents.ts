import { planRoles, type OrgLayout } from "./plan";
import { custodianTemplate, stackSetTemplate, targetRolesTemplate, type TemplateOptions } from "./templates";
import type { AccessPolicy } from "@/lib/access/schema";

// The three downloadable templates, by kind, as the text of a JSON CloudFormation template.

export const TEMPLATE_KINDS = ["custodian", "targets", "management"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface TemplateDocument {
  kind: TemplateKind;
  fileName: string;
  body: string;
}

export function templateDocument(kind: TemplateKind, policy: AccessPolicy, org: OrgLayout, options: TemplateOptions): TemplateDocument {
  const plan = planRoles(policy, org);
  const template =
    kind === "custodian"
      ? custodianTemplate(plan, options)
      : kind === "targets"
        ? stackSetTemplate(plan, options)
        : targetRolesTemplate(
            plan.targets,
            options,
            "Gatehouse target roles for the management account (StackSets never deploy there): deploy as a plain stack in the management account if the profiles grant roles in it.",
          );
  return { kind, fileName: `gatehouse-${kind}-roles.template.json`, body: `${JSON.stringify(template, null, 2)}\n` };
}
