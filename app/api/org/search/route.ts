// GET /api/org/search?q=<text> - accounts and OUs whose name or id contains the text, with their ancestors
import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { toNodeView } from "@/lib/org/node-view";
import { loadOrgViewer } from "@/lib/org/org-access";
import { searchOrgTree } from "@/lib/org/search-tree";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));
  try {
    const query = request.nextUrl.searchParams.get("q") ?? "";
    if (query.length > 200) throw new ApiError(400, "invalid-input", "Search for at most 200 characters.");
    const viewer = await loadOrgViewer(user);
    const { tree, access } = viewer;
    const result = searchOrgTree(tree, query);
    const nodes = result.nodeIds.map((id) => toNodeView(tree, tree.nodes.get(id)!, access));
    return NextResponse.json(
      { query, total: result.total, matchIds: result.matchIds, nodes, syncId: tree.syncId },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
