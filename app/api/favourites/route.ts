// POST /api/favourites - mark a permitted account role as a favourite; DELETE - unmark it. JSON { accountId, roleName }
import { NextResponse } from "next/server";
import { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { accountIdSchema, roleNameSchema } from "@/lib/access/ids";
import { isPermittedRole } from "@/lib/console/console-roles";
import { assertSameOrigin } from "@/lib/console/request-guard";
import { addFavouriteRole, removeFavouriteRole } from "@/lib/console/role-lists";
import { ApiError, errorResponse } from "@/lib/http/api-response";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ accountId: accountIdSchema, roleName: roleNameSchema });

async function readBody(request: Request): Promise<z.infer<typeof bodySchema>> {
  const raw: unknown = await request.json().catch(() => null);
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid-input", `Invalid ${issue?.path.join(".") || "body"}: ${issue?.message ?? "expected { accountId, roleName }"}.`);
  }
  return parsed.data;
}

async function change(request: Request, user: CurrentUser | null, add: boolean) {
  if (!user) return errorResponse(new ApiError(401, "unauthenticated", "Sign in to Gatehouse first."));
  try {
    assertSameOrigin(request);
    const { accountId, roleName } = await readBody(request);
    if (add) {
      if (!(await isPermittedRole(user, accountId, roleName))) {
        throw new ApiError(403, "not-permitted", `You may not open role ${roleName} in account ${accountId}, so it cannot be a favourite.`);
      }
      await addFavouriteRole(user.sub, accountId, roleName);
    } else {
      await removeFavouriteRole(user.sub, accountId, roleName);
    }
    return NextResponse.json({ accountId, roleName, favourite: add }, { status: add ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  const user = await getCurrentUser();
  return change(request, user, true);
}

export async function DELETE(request: Request) {
  const user = await getCurrentUser();
  return change(request, user, false);
}
