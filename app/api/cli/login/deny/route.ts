// POST /api/cli/login/deny - the signed-in person denies a loopback command-line login: → { redirectTo: …?error=access_denied }
import { denyLoopbackLogin } from "@/lib/cli/loopback-login";
import { loopbackLoginSchema } from "@/lib/cli/login-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: loopbackLoginSchema },
  issues: "cli.login",
  handle: denyLoopbackLogin,
});
