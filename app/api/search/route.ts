// GET /api/search - the pages, accounts and roles the signed-in person may open, for the search box and palette
import { route } from "@/lib/http/route";
import { buildDirectoryIndex } from "@/lib/search/directory-index";

export const dynamic = "force-dynamic";

export const GET = route({ handle: buildDirectoryIndex });
