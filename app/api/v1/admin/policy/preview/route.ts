// POST /api/v1/admin/policy/preview - { text }: validation errors or the change in effective access (gatehouse policy diff FILE)
import { previewInputSchema, POLICY_BODY_BYTES } from "@/lib/profile-versions/change-input";
import { previewProfileChange } from "@/lib/profile-versions/profile-change-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: previewInputSchema },
  maxBodyBytes: POLICY_BODY_BYTES,
  handle: previewProfileChange,
});
