// The AWS profile name Gatehouse gives an account role, the same in the portal (the Open console options panel) and
// in the command line (`gatehouse configure` writes `[profile <name>]`): "gh-" + slug(account) + "-" + slug(role).
// A slug is the name in lower case with every run of characters other than [a-z0-9] turned into one "-", and no "-"
// at either end, so the name is safe in ~/.aws/config and on a command line without quoting.
// Isomorphic and dependency-free: the browser and the command line import it.

/** "API Dev" → "api-dev"; a name with no letters or digits at all becomes "unnamed". */
export function profileSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "unnamed" : slug;
}

/** profileNameFor("API Dev", "Developer") === "gh-api-dev-developer". */
export function profileNameFor(accountName: string, roleName: string): string {
  return `gh-${profileSlug(accountName)}-${profileSlug(roleName)}`;
}
