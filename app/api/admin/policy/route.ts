// GET /api/admin/policy - the stored versions of the access profiles, newest first (administrators only)
// POST /api/admin/policy - apply new profile text: { text, message, expectedVersion } (a version check; 409 if stale)
import { applyInputSchema, POLICY_BODY_BYTES } from "@/lib/profile-versions/change-input";
import { applyProfileChange } from "@/lib/profile-versions/profile-change-service";
import { getProfileVersions } from "@/lib/profile-versions/profile-versions-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ handle: getProfileVersions });
export const POST = route({ input: { from: "json", schema: applyInputSchema }, maxBodyBytes: POLICY_BODY_BYTES, handle: applyProfileChange });
