// POST /api/cli/login/approve - the signed-in person approves a loopback command-line login (browser session only):
// the login's parameters → { redirectTo: <loopback URI>?code=…&state=… }
import { approveLoopbackLogin } from "@/lib/cli/loopback-login";
import { loopbackLoginSchema } from "@/lib/cli/login-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: loopbackLoginSchema },
  issues: "cli.login",
  handle: approveLoopbackLogin,
});
