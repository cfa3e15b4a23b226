// GET /api/org/nodes?parent=<id>[&offset=<n>] - one page of a node's children in the stored tree, the caller's roles marked
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
    const offset = Number(request.nextUrl.searchParams.get("offset") ?? "0");
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw new ApiError(400, "invalid-input", "Give ?offset= a whole number from 0.");
    const viewer = await loadOrgViewer(user);
    const page = listChildViews(viewer.tree, parent, viewer.access, offset);
    if (!page) throw new ApiError(404, "not-found", `${parent} is not in the organization as last synced.`);
    return NextResponse.json({ parentId: parent, syncId: viewer.tree.syncId, ...page }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
