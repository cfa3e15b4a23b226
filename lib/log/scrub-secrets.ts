// The value-level half of keeping secrets out of the logs (the other half is the logger's redact paths, logger.ts):
// every finished log line passes through scrubSecrets() before it is written, whatever field or message the secret
// hides in. Each rule replaces the secret and the name that announces it, so a scrubbed line holds neither.
// Replacements contain no quote or backslash, and no pattern matches one, so a JSON line stays valid JSON.

const RULES: Array<[RegExp, string]> = [
  // URLs with a query: console login URLs (signin.aws.amazon.com/federation?Action=login&SigninToken=…), the
  // federation's getSigninToken request (Session=…), presigned URLs (X-Amz-Signature), Session Manager stream URLs,
  // the sandbox console's ?session=, OAuth callbacks (?code=…&state=…). The path stays; the query goes.
  [/\b((?:https?|wss?):\/\/[^\s"\\?#]+)\?[^\s"\\]*/gi, "$1?[query-redacted]"],
  // PEM private keys (a Google service-account key, for one).
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, "[private-key-redacted]"],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  // Gatehouse command-line tokens (lib/cli/tokens.ts).
  [/\bgh1_[A-Za-z0-9_-]+/g, "[cli-token-redacted]"],
  // name=value pairs of secrets, as in query strings, cookies and form bodies.
  [
    /\b(?:SigninToken|TokenValue|SessionToken|SecretAccessKey|X-Amz-[A-Za-z-]+|aws_secret_access_key|aws_session_token|code_verifier|client_secret|access_token|refresh_token|id_token|device_code|password|(?:__Secure-|__Host-)?next-auth\.[a-z-]+)=[^\s"\\&;,]*/gi,
    "[redacted]",
  ],
  // AWS access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, "[aws-key-redacted]"],
  // JSON Web Tokens and encrypted ones (the next-auth session cookie is a JWE): eyJ… segments joined by dots.
  [/\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){1,4}/g, "[jwt-redacted]"],
  // Any other long opaque value (secret access keys are 40 characters, session and stream tokens hundreds).
  [/(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/=_-]*[0-9])(?=[A-Za-z0-9+/=_-]*[A-Za-z])[A-Za-z0-9+/=_-]{40,}/g, "[token-redacted]"],
];

/** `text` with every secret it may hold replaced by a marker naming what was there. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of RULES) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
