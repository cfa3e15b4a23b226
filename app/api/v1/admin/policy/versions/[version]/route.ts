// GET /api/v1/admin/policy/versions/[version] - one stored version's text (gatehouse policy show [VERSION])
import { versionParamsSchema } from "@/lib/profile-versions/change-input";
import { getProfileVersion } from "@/lib/profile-versions/profile-versions-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ accept: ["cli-token"], input: { from: "query", schema: versionParamsSchema }, handle: getProfileVersion });
