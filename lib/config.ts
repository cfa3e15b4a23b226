// Gatehouse's settings: the environment, parsed once with zod. A missing or malformed value stops start-up with a
// message that names the variable. The README's configuration reference lists every setting documented here.
import { z } from "zod";

const list = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);
const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const optionalUrl = z.string().url().optional();

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Public base URL of Gatehouse, as the browser sees it. */
    NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
    /** Signs and encrypts session cookies. 32+ characters; keep it secret. */
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    /** Connections per Gatehouse process. The embedded PGlite database is served with 1 (it runs one query at a time). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),

    /** Google Workspace domains whose people may sign in. */
    ALLOWED_DOMAINS: list.pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "each must be a domain name")).min(1)),
    GOOGLE_CLIENT_ID: z.string().min(1),
    GOOGLE_CLIENT_SECRET: z.string().min(1),
    /** OpenID issuer. Google's by default; the sandbox's issuer in the demo and tests. */
    GOOGLE_ISSUER: z.string().url().default("https://accounts.google.com"),

    /** Where group memberships come from: a static YAML file, or Google's Admin SDK Directory API. */
    GROUPS_SOURCE: z.enum(["static", "directory"]).default("static"),
    GROUPS_FILE: z.string().optional(),
    GOOGLE_DIRECTORY_CREDENTIALS_FILE: z.string().optional(),
    GOOGLE_DIRECTORY_CREDENTIALS_JSON: z.string().optional(),
    /** Admin to impersonate with domain-wide delegation; leave empty when the service account has an admin role. */
    GOOGLE_DIRECTORY_SUBJECT: z.string().email().optional(),
    GOOGLE_DIRECTORY_URL: optionalUrl,
    GROUPS_CACHE_TTL_SECONDS: seconds(600, 0, 86_400),

    /** A signed-in session ends this long after sign-in, whatever the activity. */
    SESSION_MAX_AGE_SECONDS: seconds(28_800, 300, 604_800),
    /** How often a live session re-reads the person's groups (and ends if they no longer qualify). */
    SESSION_RECHECK_SECONDS: seconds(300, 30, 86_400),
    /** A command-line token ends this long after it was issued; SESSION_MAX_AGE_SECONDS when unset, never longer. */
    CLI_TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(300).max(604_800).optional(),

    ACCESS_PROFILES_FILE: z.string().default("config/access-profiles.yaml"),

    /** Home region: STS and, in the commercial partition, Organizations (us-east-1). */
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be a region such as us-east-1")
      .default("us-east-1"),
    /** Regions where instances are listed. */
    AWS_REGIONS: list.pipe(z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "each must be a region")).min(1)).default(["us-east-1"]),
    AWS_PARTITION: z.enum(["aws", "aws-us-gov", "aws-cn"]).default("aws"),
    /** Send every AWS API call here instead of AWS's endpoints (the sandbox; or a VPC endpoint proxy). */
    AWS_ENDPOINT_URL: optionalUrl,
    /** The console federation endpoint; defaults to the partition's (https://signin.aws.amazon.com/federation). */
    AWS_FEDERATION_URL: optionalUrl,
    /** Base of switch-role links; defaults to the partition's sign-in host. */
    AWS_SIGNIN_URL: optionalUrl,
    /**
     * How Gatehouse gets its own AWS credentials, the start of every role chain:
     * keys: long-term IAM user keys (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the SDK's default chain);
     * role: assume BROKER_ROLE_ARN from the default chain first (every session is then role-chained, 1 h at most);
     * web-identity: AssumeRoleWithWebIdentity into the Custodian role with the user's own Google ID token.
     */
    BROKER_MODE: z.enum(["keys", "role", "web-identity"]).default("keys"),
    BROKER_ROLE_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "must be an IAM role ARN")
      .optional(),
    /** Role to read AWS Organizations with (in the management or a delegated administrator account); else the broker. */
    ORG_READER_ROLE_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "must be an IAM role ARN")
      .optional(),
    ORG_SYNC_INTERVAL_SECONDS: seconds(900, 0, 86_400),
    /** Parallel AWS calls per fan-out (organization sync, instance listing). */
    AWS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
    /** Console session length asked for; chained role sessions are capped at 3600 by AWS. */
    CONSOLE_SESSION_SECONDS: seconds(3600, 900, 43_200),
    /**
     * Where a refused person asks for access: an https: page (a ticket form) or a mailto: address. Without it, the
     * refusal pages say to ask an administrator and name the admin profiles' groups and people.
     */
    ACCESS_REQUEST_URL: z
      .string()
      .url()
      .refine((value) => /^(https?|mailto):/i.test(value), "must be an https:, http: or mailto: address")
      .optional(),
    /** The words of that link, e.g. "Request access in the IT portal". */
    ACCESS_REQUEST_TEXT: z.string().trim().min(1).max(200).optional(),

    /**
     * How many reverse proxies in front of Gatehouse append to X-Forwarded-For (an ALB, CloudFront + ALB, nginx).
     * 0: the client is the TCP peer and X-Forwarded-For is ignored. See the README's "Client addresses".
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Largest request body any API accepts, in bytes (larger: 413). */
    MAX_REQUEST_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
    /** Per person: how many credential or session requests (console, shell, CLI credentials) one window allows. */
    RATE_LIMIT_CREDENTIALS: z.coerce.number().int().min(1).max(100_000).default(30),
    RATE_LIMIT_WINDOW_SECONDS: seconds(60, 1, 3600),
    /** How long a checked sign-in session stays trusted in one process before its record is read again. */
    SESSION_CHECK_CACHE_SECONDS: seconds(5, 0, 60),
    /** Bearer token that shows /api/health's details (broker identity, latencies) to a monitor; admins see them anyway. */
    HEALTH_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Bearer token for GET /api/metrics (Prometheus); without it the endpoint is off (404). */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Least severe log level written: fatal, error, warn, info, debug, trace or silent. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** On SIGTERM: how long to keep serving (answering not-ready) before refusing new connections, e.g. 5-10 on Kubernetes. */
    SHUTDOWN_DELAY_SECONDS: seconds(0, 0, 120),
    /** On SIGTERM or SIGINT: how long requests in flight may take to finish before their connections are cut. */
    SHUTDOWN_TIMEOUT_SECONDS: seconds(25, 1, 600),
  })
  .superRefine((c, ctx) => {
    if (c.BROKER_MODE === "role" && !c.BROKER_ROLE_ARN) {
      ctx.addIssue({ code: "custom", path: ["BROKER_ROLE_ARN"], message: "is required when BROKER_MODE=role" });
    }
    if (c.CLI_TOKEN_MAX_AGE_SECONDS !== undefined && c.CLI_TOKEN_MAX_AGE_SECONDS > c.SESSION_MAX_AGE_SECONDS) {
      ctx.addIssue({
        code: "custom",
        path: ["CLI_TOKEN_MAX_AGE_SECONDS"],
        message: `must not exceed SESSION_MAX_AGE_SECONDS (${c.SESSION_MAX_AGE_SECONDS}): a command-line token lives no longer than a browser sign-in`,
      });
    }
    if (c.GROUPS_SOURCE === "static" && !c.GROUPS_FILE) {
      ctx.addIssue({ code: "custom", path: ["GROUPS_FILE"], message: "is required when GROUPS_SOURCE=static" });
    }
    if (c.GROUPS_SOURCE === "directory" && !c.GOOGLE_DIRECTORY_CREDENTIALS_FILE && !c.GOOGLE_DIRECTORY_CREDENTIALS_JSON) {
      ctx.addIssue({
        code: "custom",
        path: ["GOOGLE_DIRECTORY_CREDENTIALS_FILE"],
        message: "or GOOGLE_DIRECTORY_CREDENTIALS_JSON is required when GROUPS_SOURCE=directory",
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Gatehouse cannot start: its configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      const given = issue.path.length === 1 && cleaned[String(issue.path[0])] === undefined ? " (not set)" : "";
      return `${name}${given}: ${issue.message}`;
    }),
  );
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (and at start-up, by instrumentation.ts). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
