import "server-only";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { createGroupSource, type GroupSource, type GroupSourceConfig, type GroupUser } from "@/lib/auth/groups";

let sourcePromise: Promise<GroupSource> | undefined;

/** GROUPS_SOURCE=directory's settings from the environment: the service account, subject and Directory API URL. */
export function directoryConfigFromEnv(): Extract<GroupSourceConfig, { kind: "directory" }> {
  const config = getConfig();
  return {
    kind: "directory",
    ...(config.GOOGLE_DIRECTORY_CREDENTIALS_FILE
      ? { credentialsFile: config.GOOGLE_DIRECTORY_CREDENTIALS_FILE }
      : { credentialsJson: config.GOOGLE_DIRECTORY_CREDENTIALS_JSON! }),
    subject: config.GOOGLE_DIRECTORY_SUBJECT,
    directoryBaseUrl: config.GOOGLE_DIRECTORY_URL,
  };
}

function getGroupSource(): Promise<GroupSource> {
  const config = getConfig();
  sourcePromise ??=
    config.GROUPS_SOURCE === "static" ? createGroupSource({ kind: "static", file: config.GROUPS_FILE! }) : createGroupSource(directoryConfigFromEnv());
  return sourcePromise;
}

/**
 * A person's Google groups. Read from the source when `refresh` is set (at sign-in) or when the cached copy is older
 * than GROUPS_CACHE_TTL_SECONDS; if the source fails, a cached copy still within its TTL is used, else the error
 * stands (no groups is never assumed from a failure).
 */
export async function resolveUserGroups(user: GroupUser, options: { refresh?: boolean } = {}): Promise<string[]> {
  const config = getConfig();
  const db = getDb();
  const ttlMs = config.GROUPS_CACHE_TTL_SECONDS * 1000;
  const cached = await db.groupCache.findUnique({ where: { userSub: user.sub } });
  const fresh = cached && Date.now() - cached.fetchedAt.getTime() < ttlMs;
  if (fresh && !options.refresh) return cached.groups;

  try {
    const groups = await (await getGroupSource()).listGroups(user);
    await db.groupCache.upsert({
      where: { userSub: user.sub },
      create: { userSub: user.sub, email: user.email, groups, source: config.GROUPS_SOURCE, fetchedAt: new Date() },
      update: { email: user.email, groups, source: config.GROUPS_SOURCE, fetchedAt: new Date() },
    });
    return groups;
  } catch (error) {
    if (fresh) return cached.groups;
    throw error;
  }
}
