// GET /api/console/open - open the AWS console as a role from a link: 302 to the AWS login URL, or a 4xx page
import { NextResponse } from "next/server";
import { signInRedirectUrl } from "@/lib/auth/sign-in-redirect";
import { getConfig } from "@/lib/config";
import { afterResponse } from "@/lib/http/after-response";
import { accountIdSchema, roleNameSchema } from "@/lib/access/ids";
import { rolePath } from "@/lib/console/addresses";
import { renderConsoleErrorPage } from "@/lib/console/error-page";
import { openConsole } from "@/lib/console/open-console";
import { openConsoleInputSchema } from "@/lib/console/open-console-input";
import type { ErrorCode, ServiceError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
// Refusals the role's page explains better, with what to do: the access rules', and a link followed from another
// site (a wiki, a chat), which may not sign anyone in, but can land on the page whose button does.
const ACCESS_REFUSALS = new Set<ErrorCode>(["no-profile", "not-granted", "account-inactive", "reason-required", "unknown-account", "cross-site"]);

/** The account and role of a request the access rules refused, read again from the query (only valid ids). */
function refusedRole(error: ServiceError, request: Request): { accountId: string; roleName: string } | null {
  if (!ACCESS_REFUSALS.has(error.code)) return null;
  const query = new URL(request.url).searchParams;
  const accountId = accountIdSchema.safeParse(query.get("accountId"));
  const roleName = roleNameSchema.safeParse(query.get("roleName"));
  return accountId.success && roleName.success ? { accountId: accountId.data, roleName: roleName.data } : null;
}

export const GET = route({
  input: { from: "query", schema: openConsoleInputSchema },
  issues: "console.open",
  handle: async ({ actor, input }) => openConsole({ actor, input, defer: afterResponse }),
  respond: (opened) => NextResponse.redirect(opened.url, { status: 302, headers: HEADERS }),
  renderError(error, request) {
    if (!request.headers.get("accept")?.includes("text/html")) return undefined;
    // A cookie whose session ended (signed out elsewhere, revoked): sign in again and come back to this link.
    if (error.status === 401) {
      const url = new URL(request.url);
      return NextResponse.redirect(signInRedirectUrl(getConfig().NEXTAUTH_URL, url.pathname, url.search), { status: 302, headers: HEADERS });
    }
    // Refused (already on record): the role's page says why and offers what they do have, or the button itself.
    const role = refusedRole(error, request);
    if (role) return NextResponse.redirect(new URL(rolePath(role.accountId, role.roleName), getConfig().NEXTAUTH_URL), { status: 303, headers: HEADERS });
    return new NextResponse(renderConsoleErrorPage(error.status, error.message, error.retryable), {
      status: error.status,
      headers: { ...HEADERS, "content-type": "text/html; charset=utf-8" },
    });
  },
});
