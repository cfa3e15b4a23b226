// GET /api/console/open - open the AWS console as a role from a link: 302 to the AWS login URL, or a 4xx page
import { NextResponse } from "next/server";
import { afterResponse } from "@/lib/http/after-response";
import { renderConsoleErrorPage } from "@/lib/console/error-page";
import { openConsole } from "@/lib/console/open-console";
import { openConsoleInputSchema } from "@/lib/console/open-console-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const GET = route({
  input: { from: "query", schema: openConsoleInputSchema },
  issues: "console.open",
  handle: async ({ actor, input }) => openConsole({ actor, input, defer: afterResponse }),
  respond: (opened) => NextResponse.redirect(opened.url, { status: 302, headers: HEADERS }),
  renderError(error, request) {
    if (!request.headers.get("accept")?.includes("text/html")) return undefined;
    return new NextResponse(renderConsoleErrorPage(error.status, error.message, error.retryable), {
      status: error.status,
      headers: { ...HEADERS, "content-type": "text/html; charset=utf-8" },
    });
  },
});
