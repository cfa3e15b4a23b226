import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin-access/admin-tabs";
import { SetupCheckPanel } from "@/components/setup-check/setup-check-panel";
import { TemplateDownloads } from "@/components/setup-check/template-downloads";
import { Notice } from "@/components/ui/notice";
import { requireActor } from "@/lib/actor/from-request";
import { ServiceError } from "@/lib/errors";
import { requireAccessAdmin } from "@/lib/iam-templates/admin-gate";

export const metadata: Metadata = { title: "AWS roles" };
export const dynamic = "force-dynamic";

export default async function AccessSetupPage() {
  const actor = await requireActor();
  try {
    await requireAccessAdmin(actor);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 403) {
      return (
        <Notice tone="warning" title="Only administrators can see the AWS roles">
          {error.message}
        </Notice>
      );
    }
    throw error;
  }
  return (
    <div className="space-y-6">
      <AdminTabs current="/access/setup" />
      <header>
        <h1 className="text-2xl font-semibold">The roles in AWS</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          CloudFormation templates for the Custodian and target roles the access profiles need, and a check that tries every hop of every profile&apos;s role
          chain.
        </p>
      </header>
      <TemplateDownloads />
      <SetupCheckPanel />
    </div>
  );
}
