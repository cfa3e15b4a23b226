// GET /api/v1/admin/policy - the stored versions (gatehouse policy log); POST - apply { text, message, expectedVersion }
// (gatehouse policy apply FILE). Command-line token, administrators only; the same service as the admin pages.
import { applyInputSchema, POLICY_BODY_BYTES } from "@/lib/profile-versions/change-input";
import { applyProfileChange } from "@/lib/profile-versions/profile-change-service";
import { getProfileVersions } from "@/lib/profile-versions/profile-versions-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ accept: ["cli-token"], handle: getProfileVersions });
export const POST = route({
  accept: ["cli-token"],
  input: { from: "json", schema: applyInputSchema },
  maxBodyBytes: POLICY_BODY_BYTES,
  handle: applyProfileChange,
});
