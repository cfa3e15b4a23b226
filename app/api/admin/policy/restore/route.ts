// POST /api/admin/policy/restore - { version, expectedVersion, message? }: an earlier version in force again, as a new version
import { restoreInputSchema } from "@/lib/profile-versions/change-input";
import { restoreProfileVersion } from "@/lib/profile-versions/profile-change-service";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route({ input: { from: "json", schema: restoreInputSchema }, handle: restoreProfileVersion });
