import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";
import { requireProfileAdmin as requireAdmin } from "./require-admin";
import type { ProfileVersions, VersionDetail } from "./policy-api";
import { findVersion, listVersions } from "./versions-store";

// Reading the stored versions of the access profiles: the list, and one version's text and diff. Administrators only.

const LISTED = 100;

export async function getProfileVersions({ actor }: { actor: Actor }): Promise<ProfileVersions> {
  const current = await requireAdmin(actor);
  return { current: current.version, versions: await listVersions(LISTED) };
}

export async function getProfileVersion({ actor, input }: { actor: Actor; input: { version: number } }): Promise<VersionDetail> {
  const current = await requireAdmin(actor);
  const found = await findVersion(input.version);
  if (!found) throw new ServiceError("not-found", `There is no version ${input.version} of the access profiles.`);
  return { ...found, current: current.version };
}
