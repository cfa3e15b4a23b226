// POST /api/admin/policy/preview - { text } or { restore: version }: validation errors (line and field), or the
// change in effective access against the version in force (administrators only; stores nothing)
import { previewInputSchema, POLICY_BODY_BYTES } from "@/lib/profile-versions/change-input";
import { previewProfileChange } from "@/lib/profile-versions/profile-change-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ input: { from: "json", schema: previewInputSchema }, maxBodyBytes: POLICY_BODY_BYTES, handle: previewProfileChange });
