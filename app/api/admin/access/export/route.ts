// GET /api/admin/access/export?format=csv|json&<filters> - the matrix as a download for access reviews (administrators only)
import { getAccessMatrix } from "@/lib/admin-access/access-matrix-service";
import { matrixToCsv, matrixToJson } from "@/lib/admin-access/export-format";
import { exportQuerySchema } from "@/lib/admin-access/filters";
import { NO_STORE } from "@/lib/http/answer";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({
  input: { from: "query", schema: exportQuerySchema },
  handle: async ({ actor, input }) => {
    const { format, ...filters } = input;
    return { format, result: await getAccessMatrix({ actor, input: filters }) };
  },
  respond: ({ format, result }) => {
    const stamp = { profileVersion: result.profileVersion, generatedAt: result.generatedAt };
    const matrix = { cells: result.cells, people: result.people };
    const body = format === "csv" ? matrixToCsv(matrix, stamp) : matrixToJson(matrix, stamp);
    const name = `gatehouse-access-${result.generatedAt.replaceAll(":", "-")}.${format}`;
    return new Response(body, {
      headers: {
        ...NO_STORE,
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
      },
    });
  },
});
