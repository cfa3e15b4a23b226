// POST /api/cli/device/approve - the signed-in person approves a device-code login: { user_code } (browser session only)
import { z } from "zod";
import { answerDeviceLogin } from "@/lib/cli/device-login";
import { userCodeSchema } from "@/lib/cli/login-input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({
  input: { from: "json", schema: z.object({ user_code: userCodeSchema }) },
  issues: "cli.login",
  handle: ({ actor, input }) => answerDeviceLogin({ actor, input: { user_code: input.user_code, approve: true } }),
});
