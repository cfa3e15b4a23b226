import "server-only";
import { readFile } from "node:fs/promises";
import { createDirectoryGroupSource, type DirectoryGroupSourceOptions } from "./directory-groups";
import { createDirectoryMemberListing, type GroupMemberListing } from "./directory-members";
import { GroupSourceError, type GroupSource } from "./group-source";
import { parseServiceAccountCredentials } from "./service-account-token";
import { createStaticGroupSource } from "./static-groups-file";

export { GroupSourceError, normalizeGroupEmails, type GroupSource, type GroupSourceErrorCode, type GroupUser } from "./group-source";
export { createStaticGroupSource, listStaticGroupsFor, loadStaticGroupsFile, parseStaticGroupsYaml, type StaticGroup } from "./static-groups-file";
export { createDirectoryGroupSource, DIRECTORY_GROUP_READONLY_SCOPE, GOOGLE_DIRECTORY_BASE_URL, type DirectoryGroupSourceOptions } from "./directory-groups";
export type { GroupMemberListing } from "./directory-members";
export { GOOGLE_TOKEN_URI, parseServiceAccountCredentials, type ServiceAccountCredentials } from "./service-account-token";

/** Plain configuration, as lib/config.ts produces it from the environment. */
export type GroupSourceConfig =
  | { kind: "static"; file: string }
  | {
      kind: "directory";
      /** Path to the service-account key JSON. Give this or credentialsJson. */
      credentialsFile?: string;
      /** The key JSON itself (e.g. from a secret in the environment). */
      credentialsJson?: string;
      subject?: string;
      customer?: string;
      directoryBaseUrl?: string;
      timeoutMs?: number;
    };

/**
 * Builds the configured source. Files are read now, so a missing or malformed file stops start-up with a message
 * that names it, instead of failing at the first sign-in.
 */
export async function createGroupSource(config: GroupSourceConfig): Promise<GroupSource> {
  if (config.kind === "static") return createStaticGroupSource({ file: config.file });
  return createDirectoryGroupSource(await directoryOptions(config));
}

/** The Directory API's members.list for the same service account (the access matrix's people, README "Who can reach what"). */
export async function createMemberListing(config: DirectoryConfig): Promise<GroupMemberListing> {
  return createDirectoryMemberListing(await directoryOptions(config));
}

type DirectoryConfig = Extract<GroupSourceConfig, { kind: "directory" }>;

async function directoryOptions(config: DirectoryConfig): Promise<DirectoryGroupSourceOptions> {
  const { credentialsFile, credentialsJson } = config;
  if ((credentialsFile === undefined) === (credentialsJson === undefined)) {
    throw new GroupSourceError("config", "The directory group source needs exactly one of credentialsFile or credentialsJson");
  }
  let json: string;
  if (credentialsFile !== undefined) {
    try {
      json = await readFile(credentialsFile, "utf8");
    } catch (cause) {
      throw new GroupSourceError("config", `Cannot read the service account key ${credentialsFile}: ${(cause as Error).message}`, { cause });
    }
  } else {
    json = credentialsJson as string;
  }
  const credentials = parseServiceAccountCredentials(json, credentialsFile ?? "credentialsJson");
  return {
    credentials,
    ...(config.subject ? { subject: config.subject } : {}),
    ...(config.customer ? { customer: config.customer } : {}),
    ...(config.directoryBaseUrl ? { directoryBaseUrl: config.directoryBaseUrl } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  };
}
