// GET /api/admin/policy/versions/[version] - one stored version: its text, author, message and diff (administrators only)
import { versionParamsSchema } from "@/lib/profile-versions/change-input";
import { getProfileVersion } from "@/lib/profile-versions/profile-versions-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ input: { from: "query", schema: versionParamsSchema }, handle: getProfileVersion });
