// POST /api/favourites - mark a permitted account role as a favourite; DELETE - unmark it. JSON { accountId, roleName }
import { NextResponse } from "next/server";
import { z } from "zod";
import { accountIdSchema, roleNameSchema } from "@/lib/access/ids";
import { markFavourite, unmarkFavourite } from "@/lib/console/favourites";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const input = { from: "json", schema: z.object({ accountId: accountIdSchema, roleName: roleNameSchema }) } as const;

export const POST = route({ input, handle: markFavourite, respond: (result) => NextResponse.json(result, { status: 201, headers: NO_STORE }) });

export const DELETE = route({ input, handle: unmarkFavourite });
