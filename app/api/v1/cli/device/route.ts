// POST /api/v1/cli/device - start a device-code login (gatehouse login --no-browser): { device_name } → codes and the
// verification address
import { z } from "zod";
import { deviceNameSchema } from "@/lib/cli/login-input";
import { startDeviceLogin } from "@/lib/cli/device-login";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute({
  accept: [],
  input: { from: "json", schema: z.object({ device_name: deviceNameSchema }) },
  handle: ({ input, request }) => startDeviceLogin({ input, meta: requestMetaFrom(request.headers) }),
});
