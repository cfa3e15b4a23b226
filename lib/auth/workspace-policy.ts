import "server-only";

// Who may sign in: verified accounts of an allowed Google Workspace domain. The signed `hd` claim is the proof of
// Workspace membership; the e-mail domain alone proves nothing, and the `hd` request parameter is only a hint.

export type WorkspaceIdentity = {
  /** Google's stable user ID; key users on this, not on the e-mail address. */
  sub: string;
  /** Lower-cased. */
  email: string;
  name: string;
  /** Lower-cased hosted domain. */
  hd: string;
  picture: string | null;
};

export type WorkspaceRefusalReason = "foreign-domain" | "no-hosted-domain" | "email-unverified" | "missing-claims";

export type WorkspaceDecision = { ok: true; identity: WorkspaceIdentity } | { ok: false; reason: WorkspaceRefusalReason; message: string };

/** Claims as they come from a verified ID token (or next-auth's `profile`); nothing here is trusted to be typed. */
export type WorkspaceClaims = { sub?: unknown; email?: unknown; email_verified?: unknown; hd?: unknown; name?: unknown; picture?: unknown };

export function checkWorkspaceClaims(claims: WorkspaceClaims, options: { allowedDomains: readonly string[] }): WorkspaceDecision {
  const allowed = options.allowedDomains.map((d) => d.trim().toLowerCase()).filter((d) => d.length > 0);
  if (allowed.length === 0) throw new TypeError("checkWorkspaceClaims needs at least one allowed domain");
  const allowedList = formatDomainList(allowed);

  const sub = nonEmptyString(claims.sub);
  const email = nonEmptyString(claims.email)?.toLowerCase();
  if (!sub || !email || !email.includes("@")) {
    return refuse(
      "missing-claims",
      "Google didn't tell Gatehouse who you are (the sign-in response had no account ID or e-mail address). " +
        "Please try again; if it keeps happening, tell your Gatehouse administrator.",
    );
  }

  const hd = nonEmptyString(claims.hd)?.toLowerCase();
  if (!hd) {
    return refuse(
      "no-hosted-domain",
      `Personal Google accounts can't sign in to Gatehouse. You signed in as ${email}; ` + `please sign in with your ${allowedList} work account instead.`,
    );
  }

  const emailDomain = email.slice(email.lastIndexOf("@") + 1);
  // The e-mail must sit in the signed hosted domain, or in another domain the administrator allowed (a secondary
  // domain of the same Workspace). Otherwise the address is not one Google vouches for on this organisation's behalf.
  const emailDomainConsistent = emailDomain === hd || allowed.includes(emailDomain);
  if (!allowed.includes(hd) || !emailDomainConsistent) {
    const shownDomain = allowed.includes(hd) ? emailDomain : hd;
    return refuse(
      "foreign-domain",
      `Gatehouse is only for ${allowedList} accounts. You signed in as ${email} (${shownDomain}). ` +
        `Sign out of Google or choose another account, then try again.`,
    );
  }

  // Only the boolean true counts: a string "true" means something upstream is mangling claims.
  if (claims.email_verified !== true) {
    return refuse(
      "email-unverified",
      `Your Google account's email address isn't verified, so Gatehouse can't trust it. ` +
        `Ask your Google Workspace administrator to verify ${email}, then sign in again.`,
    );
  }

  return {
    ok: true,
    identity: { sub, email, name: nonEmptyString(claims.name) ?? email, hd, picture: nonEmptyString(claims.picture) ?? null },
  };
}

function refuse(reason: WorkspaceRefusalReason, message: string): WorkspaceDecision {
  return { ok: false, reason, message };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;
}

/** "a.com", "a.com or b.com", "a.com, b.com or c.com" */
function formatDomainList(domains: readonly string[]): string {
  if (domains.length === 1) return domains[0] as string;
  return `${domains.slice(0, -1).join(", ")} or ${domains[domains.length - 1]}`;
}
