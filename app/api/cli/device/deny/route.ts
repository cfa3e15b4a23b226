// POST /api/cli/device/deny - the signed-in person denies a device-code login: { user_code }
import { z } from "zod";
import { answerDeviceLogin } from "@/lib/cli/device-login";
import { userCodeSchema } from "@/lib/cli/login-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: z.object({ user_code: userCodeSchema }) },
  issues: "cli.login",
  handle: ({ actor, input }) => answerDeviceLogin({ actor, input: { user_code: input.user_code, approve: false } }),
});
