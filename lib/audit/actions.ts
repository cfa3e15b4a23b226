// The closed list of what the audit log records, each action and outcome with one meaning everywhere.
// Isomorphic: the audit page's filters list the same names.

export const AUDIT_ACTIONS = {
  "auth.sign-in": "A Google sign-in was admitted or refused.",
  "auth.sign-out": "A person signed out; their browser session ended on the server.",
  "auth.revoke": "An administrator ended every session of a person.",
  "console.open": "An AWS console sign-in URL was asked for.",
  "shell.open": "A Session Manager shell was asked for.",
  "forward.open": "A port-forwarding or SSH session was asked for; the destination records the document, host and port.",
  "shell.resume": "A fresh stream token for a dropped shell was asked for.",
  "shell.terminate": "A shell was ended.",
  "org.sync": "An organization sync was started by hand.",
  "cli.login": "A command-line login was approved or denied in the browser, or its token issued or refused.",
  "cli.revoke": "A command-line token was revoked (gatehouse logout, or Revoke on the Command line page).",
  "policy.apply": "A new version of the access profiles was applied or refused (the admin pages or gatehouse policy apply); the detail holds its diff.",
  "policy.restore": "An earlier version of the access profiles was restored; the detail holds its diff.",
  "access.explain": "An administrator asked why a person may or may not reach a role or an instance.",
  "setup.check": "The setup check tried every hop of every profile's role chain with short sessions (a system check).",
  "credentials.issue": "Temporary AWS credentials for a role were asked for (the command line, or Copy temporary credentials).",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_OUTCOMES = {
  denied: "Gatehouse refused the request (input, access rules, origin or a limit). Nothing was asked of AWS and nothing was issued.",
  allowed:
    "Gatehouse allowed the request. Written before anything is asked of AWS in the person's name; for console, shell, forward, resume and credentials it is followed by issued or error.",
  issued:
    "A credential or session (console URL, shell or forwarding stream token, command-line token, temporary AWS credentials) exists and is being handed out. Written before it leaves the server, with the domain row it belongs to; if the write fails, nothing is handed out.",
  error: "The request was allowed but failed (AWS refused or could not be reached); nothing was handed out.",
} as const;

export type AuditOutcome = keyof typeof AUDIT_OUTCOMES;
