// DELETE /api/cli/devices/<id> - revoke one signed-in command-line device: its owner, or an administrator; audited cli.revoke
import { z } from "zod";
import { revokeDevice } from "@/lib/cli/devices";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const DELETE = route({
  input: { from: "query", schema: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, { error: "expected a device id (32 hex characters)" }) }) },
  handle: revokeDevice,
});
