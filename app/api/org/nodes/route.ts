// GET /api/org/nodes?parent=<id> - the children of one node of the stored tree, with the caller's roles marked
import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { listChildViews } from "@/lib/org/node-view";
import { loadOrgViewer } from "@/lib/org/org-access";

export const dynamic = "force-dynamic";

const NODE_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})$/;

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));
  try {
    const parent = request.nextUrl.searchParams.get("parent") ?? "";
    if (!NODE_ID.test(parent)) throw new ApiError(400, "invalid-input", "Give ?parent= the id of a root (r-…), OU (ou-…-…) or account (12 digits).");
    const viewer = await loadOrgViewer(user);
    const nodes = listChildViews(viewer.tree, parent, viewer.access);
    if (!nodes) throw new ApiError(404, "not-found", `${parent} is not in the organization as last synced.`);
    return NextResponse.json({ parentId: parent, syncId: viewer.tree.syncId, nodes }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
