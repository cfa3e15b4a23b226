// SDKs copy a credential_process's stderr into their own error messages and logs (docs/cli-facts.md §1), so
// nothing secret may be written there. Commands never print secrets to stderr on purpose; this is the second line:
// every known secret value, and anything shaped like a Gatehouse token, an AWS key id, a bearer header or a
// login URL's code, is replaced before the text leaves the process.

const SHAPES: Array<[RegExp, string]> = [
  [/gh1_[A-Za-z0-9_-]{6,}/g, "gh1_[redacted]"],
  [/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, "[redacted key id]"],
  [/\b(Bearer)\s+\S+/gi, "$1 [redacted]"],
  [/([?&](?:code|state|code_verifier|code_challenge|device_code|user_code|token)=)[^&\s"'<>]+/gi, "$1[redacted]"],
  [/("(?:SecretAccessKey|SessionToken|AccessKeyId|token|device_code|code|code_verifier)"\s*:\s*)"[^"]*"/g, '$1"[redacted]"'],
];

export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  return out;
}
