// What must never appear in a Gatehouse log line, as patterns: the browser tests read back every line the server
// wrote during their journeys and fail on any match (tests/e2e/log-secrets.spec.ts); the unit tests plant each kind
// once and check it is found (tests/unit/log/log-secrets.test.ts).

/** `name` given a value that is not a redaction marker ("[redacted]", "[token-redacted]"…), as `name=v` or JSON. */
const valueOf = (names: string) => new RegExp(`(?:${names})(?:\\\\?")?\\s*[:=]\\s*(?:\\\\?")?(?!\\[)[^\\s"\\\\&;,]`, "i");
/** A URL whose query is still there (the logger replaces every query with "?[query-redacted]"). */
const urlWithQuery = (prefix: string) => new RegExp(`${prefix}[^\\s"\\\\?]*\\?(?!\\[query-redacted\\])`, "i");

export const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ["an AWS access key id", /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["a console sign-in token", valueOf("SigninToken")],
  ["a presigned or signed AWS request", /X-Amz-/i],
  ["a Session Manager stream token", valueOf("TokenValue")],
  ["a Session Manager stream URL", urlWithQuery("wss://")],
  ["a console login URL", urlWithQuery('https?://[^\\s"\\\\/]*/federation')],
  ["the sandbox console's session link", /\/console\?session=/],
  ["a bearer token", /\bBearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{8,}/i],
  ["a command-line token", /\bgh1_[A-Za-z0-9]/],
  ["a session cookie", valueOf("next-auth\\.session-token")],
  ["a JSON Web Token (a session cookie's value)", /\beyJ[A-Za-z0-9_-]{8,}\.\.?[A-Za-z0-9_-]/],
  ["a secret access key", valueOf("secretAccessKey|aws_secret_access_key")],
  ["a session token", valueOf("sessionToken|aws_session_token")],
  ["a PKCE verifier", valueOf("code_verifier|codeVerifier")],
  ["an OAuth code", /[?&]code=[A-Za-z0-9]/],
  ["a private key", /PRIVATE KEY-----/],
];

export interface LogFinding {
  line: number;
  problem: string;
  text: string;
}

/** Every line that is not one JSON object, or that holds something SECRET_PATTERNS names. */
export function findLogProblems(lines: string[]): LogFinding[] {
  const findings: LogFinding[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === "") return;
    const shown = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) findings.push({ line: index + 1, problem: "not a JSON object", text: shown });
    } catch {
      findings.push({ line: index + 1, problem: "not JSON", text: shown });
    }
    for (const [what, pattern] of SECRET_PATTERNS) if (pattern.test(text)) findings.push({ line: index + 1, problem: `holds ${what}`, text: shown });
  });
  return findings;
}
