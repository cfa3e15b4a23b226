// A stored sign-in for tests of the commands that need one.
import { saveSession } from "@/cli/session-store";
import { GATEHOUSE, TOKEN, type TestContext } from "./cli-test-context";

export function signIn(ctx: TestContext, overrides: { url?: string; token?: string; expiresAt?: string } = {}) {
  saveSession(ctx, {
    url: overrides.url ?? GATEHOUSE,
    token: overrides.token ?? TOKEN,
    expiresAt: overrides.expiresAt ?? new Date(ctx.clock.now + 8 * 3600_000).toISOString(),
    email: "dana@example.com",
    name: "Dana Developer",
    deviceName: "test-laptop",
  });
}
