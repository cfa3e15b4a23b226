// POST /api/v1/cli/token - the command trades a loopback authorization code (with its PKCE verifier) or a device
// code for a command-line token; RFC 8628's four polling answers are 400s with their OAuth names
import { NextResponse } from "next/server";
import { NO_STORE } from "@/lib/http/answer";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { publicRoute } from "@/lib/http/route";
import { exchangeToken, tokenRequestSchema } from "@/lib/cli/token-exchange";

export const dynamic = "force-dynamic";

export const POST = publicRoute({
  // Nobody is signed in here: the code is the credential.
  accept: [],
  input: { from: "json", schema: tokenRequestSchema },
  handle: ({ input, request }) => exchangeToken({ input, meta: requestMetaFrom(request.headers) }),
  respond: (result) =>
    "token" in result
      ? NextResponse.json(result.token, { headers: NO_STORE })
      : NextResponse.json(
          { error: result.pending, message: result.message, retryable: result.pending !== "access_denied" && result.pending !== "expired_token" },
          { status: 400, headers: NO_STORE },
        ),
});
