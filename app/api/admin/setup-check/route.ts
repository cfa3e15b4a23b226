// POST /api/admin/setup-check - tries every hop of every profile's role chain and reports the broken ones (administrators only; audited)
import { startSetupCheck } from "@/lib/setup-check/setup-check-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ handle: startSetupCheck });
