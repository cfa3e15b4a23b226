// GET /api/admin/access?person=&group=&ou=&account=&role= - who can reach what (administrators only)
import { getAccessMatrix } from "@/lib/admin-access/access-matrix-service";
import { accessFiltersSchema } from "@/lib/admin-access/filters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ input: { from: "query", schema: accessFiltersSchema }, handle: getAccessMatrix });
