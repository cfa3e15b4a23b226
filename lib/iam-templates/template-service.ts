import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { requireAccessAdmin } from "@/lib/iam-templates/admin-gate";
import { resolveBrokerPrincipal } from "@/lib/aws/broker-credentials";
import { getConfig } from "@/lib/config";
import { ServiceError } from "@/lib/errors";
import { listAccounts } from "@/lib/org/accounts";
import { getOrgTree } from "@/lib/org/tree";
import { templateDocument, type TemplateDocument, type TemplateKind } from "./documents";
import { TemplateInputError } from "./role-arns";
import type { BrokerTrust } from "./templates";

// GET /api/admin/iam-template and /api/v1/admin/iam-template: a template generated from the current profiles and the
// stored organization. Administrators only (admin:access), decided here.

export async function getIamTemplate({ actor, input }: { actor: Actor; input: { kind: TemplateKind } }): Promise<TemplateDocument> {
  const policy = await requireAccessAdmin(actor);
  const config = getConfig();
  const [tree, accounts, broker] = await Promise.all([getOrgTree(), listAccounts(), brokerTrust()]);
  try {
    return templateDocument(input.kind, policy, { rootId: tree.rootId, accounts }, { partition: config.AWS_PARTITION, region: config.AWS_REGION, broker });
  } catch (error) {
    if (error instanceof TemplateInputError) throw new ServiceError("invalid-input", error.message);
    throw error;
  }
}

/** How the Custodian roles must name the broker. In keys mode its ARN is looked up (GetCallerIdentity); unknown → a parameter without default. */
async function brokerTrust(): Promise<BrokerTrust> {
  const config = getConfig();
  if (config.BROKER_MODE === "web-identity") return { mode: "web-identity", issuerHost: new URL(config.GOOGLE_ISSUER).host, audience: config.GOOGLE_CLIENT_ID };
  if (config.BROKER_MODE === "role" && config.BROKER_ROLE_ARN) return { mode: "role", principalArn: config.BROKER_ROLE_ARN };
  return { mode: "keys", principalArn: (await resolveBrokerPrincipal()) ?? null };
}
