import "server-only";
import { ServiceError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { metrics } from "@/lib/metrics/registry";

// Limits on the command-line login, against guessing: the unauthenticated endpoints (device start, token exchange)
// per client address, and the codes people type on /cli/device per person. Each has its own key, apart from the
// credential budget. Codes are 256-bit (device_code, authorization code) or 8 of 20 letters (user_code, 2.6e10
// values, alive 10 minutes), so these bound the work, not the odds; a guess refused by a limit is counted too.

export const LOGIN_LIMITS = {
  /** POST /api/v1/cli/token per address: a device poll every 5 s is 12 a minute. */
  token: { limit: 120, windowSeconds: 60 },
  /** POST /api/v1/cli/device per address. */
  device: { limit: 20, windowSeconds: 600 },
  /** Codes looked up on /cli/device (the page and its Approve/Deny) per person. */
  userCode: { limit: 10, windowSeconds: 900 },
} as const;

type LimitName = keyof typeof LOGIN_LIMITS;

const what: Record<LimitName, string> = {
  token: "token requests from your address",
  device: "device logins started from your address",
  userCode: "device codes tried",
};

/** Counts one attempt; throws rate-limited (429, Retry-After) past the limit, unavailable when the database fails. */
export async function enforceLoginLimit(name: LimitName, subject: string | null): Promise<void> {
  const { limit, windowSeconds } = LOGIN_LIMITS[name];
  let result;
  try {
    result = await consumeRateLimit({ key: `cli-${name}:${subject ?? "unknown"}`, limit, windowSeconds });
  } catch (error) {
    throw new ServiceError("unavailable", "Gatehouse cannot check its rate limits right now (the database did not answer). Try again shortly.", {
      retryable: true,
      cause: error,
    });
  }
  if (!result.allowed) {
    metrics().rateLimitHits.inc({ limit: `cli-${name}` });
    throw new ServiceError(
      "rate-limited",
      `Too many ${what[name]}: at most ${limit} every ${windowSeconds === 60 ? "minute" : `${windowSeconds / 60} minutes`}. Try again in ${result.retryAfterSeconds} s.`,
      {
        retryable: true,
        retryAfterSeconds: result.retryAfterSeconds,
        details: { limit, windowSeconds },
      },
    );
  }
}
