// GET /api/search/instances - the instances the signed-in person may reach, for the search box and palette
import { route } from "@/lib/http/route";
import { buildInstanceIndex } from "@/lib/search/instance-index";

export const dynamic = "force-dynamic";

export const GET = route({ handle: buildInstanceIndex });
