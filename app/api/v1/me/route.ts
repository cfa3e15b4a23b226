// GET /api/v1/me - who the command-line token belongs to, and until when
import { describeMe } from "@/lib/cli/cli-queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ accept: ["cli-token"], handle: describeMe });
