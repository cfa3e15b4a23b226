import type { RefusalCode } from "@/lib/auth/admit-sign-in";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

// The texts the sign-in pages show for `?error=` (next-auth's codes) and `?reason=` (Gatehouse's refusal codes).
// Both come from the URL, so anyone can put anything there: "__proto__", "constructor", "toString", a megabyte,
// or the key twice (an array). Texts are looked up in Maps (never `object[key]`, which finds Object.prototype's
// members), and anything that is not exactly one known code gets a generic text. Nothing from the URL is shown
// as-is except a plausible account name, which React escapes.

/** A search-param value as Next hands it to a page: absent, one string, or an array when the key repeats. */
export type QueryValue = string | string[] | undefined;

/** Codes are short; anything longer is not one and is not worth looking up. */
const MAX_CODE_LENGTH = 64;
/** Longer callback URLs are not Gatehouse paths anyone made by clicking. */
const MAX_CALLBACK_LENGTH = 2048;

/** The value when the key appears exactly once as a string of at most `maxLength` characters; else undefined. */
export function singleQueryValue(value: unknown, maxLength: number): string | undefined {
  return typeof value === "string" && value.length <= maxLength ? value : undefined;
}

const SIGN_IN_ERRORS: ReadonlyMap<string, string> = new Map([
  ["OAuthSignin", "Gatehouse could not start the Google sign-in. Please try again."],
  ["OAuthCallback", "Google's answer could not be checked. Please try again."],
  ["Callback", "Google's answer could not be checked. Please try again."],
  ["AccessDenied", "Your sign-in was refused."],
  ["Cancelled", "You cancelled signing in with Google. Choose Sign in with Google to try again."],
  ["SessionRequired", "Please sign in to continue."],
]);
export const GENERIC_SIGN_IN_ERROR = "Sign-in failed. Please try again.";

/** The sign-in page's error text for `?error=`: null when there is none, a generic text for anything unknown. */
export function signInErrorMessage(error: unknown): string | null {
  if (error === undefined || error === "") return null;
  const code = singleQueryValue(error, MAX_CODE_LENGTH);
  return (code !== undefined && SIGN_IN_ERRORS.get(code)) || GENERIC_SIGN_IN_ERROR;
}

/** Where the sign-in page sends someone afterwards for `?callbackUrl=`: a path on Gatehouse, "/" for anything else. */
export function signInCallbackPath(callbackUrl: unknown): string {
  const url = singleQueryValue(callbackUrl, MAX_CALLBACK_LENGTH);
  return url === undefined ? "/" : safeCallbackPath(url, "http://gatehouse.invalid");
}

type RefusalText = { title: string; body: (account?: string) => string };

const REFUSALS: ReadonlyMap<RefusalCode, RefusalText> = new Map<RefusalCode, RefusalText>([
  [
    "foreign-domain",
    {
      title: "This Google account is not from an allowed Workspace domain",
      body: (a) =>
        `${a ? `You signed in as ${a}. ` : ""}Gatehouse is only for accounts of the company's Google Workspace. Choose your work account and try again.`,
    },
  ],
  [
    "no-hosted-domain",
    {
      title: "Personal Google accounts can't sign in",
      body: (a) =>
        `${a ? `${a} is a personal Google account (it belongs to no Workspace domain). ` : ""}Sign in with your company Google Workspace account instead.`,
    },
  ],
  [
    "email-unverified",
    {
      title: "Your email address isn't verified",
      body: (a) => `Google has not verified ${a ?? "this account's email address"}, so Gatehouse can't trust it. Ask your Workspace administrator.`,
    },
  ],
  ["missing-claims", { title: "Google didn't say who you are", body: () => "The sign-in answer had no account ID or email address. Please try again." }],
  [
    "invalid-token",
    {
      title: "The sign-in token could not be verified",
      body: () => "Google's signed token failed Gatehouse's checks (signature, issuer, audience or expiry). Please try again.",
    },
  ],
  [
    "groups-unavailable",
    {
      title: "Your Google groups could not be read",
      body: () => "Gatehouse decides access from your Google groups and could not read them just now. Please try again in a minute.",
    },
  ],
]);

export const GENERIC_REFUSAL = { title: "Sign-in refused", body: "Gatehouse refused this sign-in." } as const;

export type RefusalMessage = { reason: RefusalCode | "unknown"; title: string; body: string };

/** An account name worth echoing: one plain string without spaces or angle brackets, as an email address is. */
function shownAccount(account: unknown): string | undefined {
  const value = singleQueryValue(account, 254);
  return value !== undefined && /^[^\s<>]{1,254}$/.test(value) ? value : undefined;
}

/** The refused page's text for `?reason=` and `?account=`; reason "unknown" with a generic text for anything else. */
export function refusalMessage(reason: unknown, account?: unknown): RefusalMessage {
  const code = singleQueryValue(reason, MAX_CODE_LENGTH);
  const known = code === undefined ? undefined : REFUSALS.get(code as RefusalCode);
  if (!known) return { reason: "unknown", ...GENERIC_REFUSAL };
  return { reason: code as RefusalCode, title: known.title, body: known.body(shownAccount(account)) };
}
