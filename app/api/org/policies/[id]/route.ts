// GET /api/org/policies/<id> - one service control policy of the organization, with its JSON document
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ApiError, errorResponse } from "@/lib/http/api-response";
import { loadOrgViewer } from "@/lib/org/org-access";
import { getPolicyDocument } from "@/lib/org/policies";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));
  try {
    const { id } = await params;
    if (!/^p-[0-9a-zA-Z_]{1,128}$/.test(id)) throw new ApiError(400, "invalid-input", "A policy id looks like p-… (letters, digits and underscores).");
    await loadOrgViewer(user); // the same rule as the tree: only people who may view the organization
    const policy = await getPolicyDocument(id);
    if (!policy) throw new ApiError(404, "not-found", `Policy ${id} is not in the organization as last synced.`);
    return NextResponse.json(policy, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
