// GET /cli/gatehouse.mjs - the `gatehouse` command line, one file for Node 20.19+/22+, with its SHA-256 (public:
// it holds no secret, and people install it before they can sign in)
import { NextResponse } from "next/server";
import { readCliBundle } from "@/lib/cli/bundle";
import { ServiceError } from "@/lib/errors";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = publicRoute({
  async handle() {
    const bundle = await readCliBundle();
    if (!bundle)
      throw new ServiceError("not-found", "The command line has not been built on this Gatehouse: its operators run npm run build (or npm run build:cli).");
    return bundle;
  },
  respond: (bundle) =>
    new NextResponse(new Uint8Array(bundle.bytes), {
      headers: {
        "Content-Type": "text/javascript; charset=utf-8",
        "Content-Disposition": 'inline; filename="gatehouse.mjs"',
        "Cache-Control": "no-cache",
        ETag: `"${bundle.sha256}"`,
        "X-Gatehouse-SHA256": bundle.sha256,
        // RFC 9530's digest of the bytes sent, for clients that check it themselves.
        "Repr-Digest": `sha-256=:${Buffer.from(bundle.sha256, "hex").toString("base64")}:`,
        "X-Content-Type-Options": "nosniff",
      },
    }),
});
