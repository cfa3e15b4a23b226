// DELETE /api/v1/session - gatehouse logout: the token in the Authorization header is revoked (audited cli.revoke)
import { revokeOwnToken } from "@/lib/cli/devices";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const DELETE = route({ accept: ["cli-token"], handle: revokeOwnToken });
