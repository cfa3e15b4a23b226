import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { OrganizationsClient, OrganizationsClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from "@aws-sdk/client-organizations";
import type { Command } from "@smithy/types";
import { AdaptiveSlots, type Permit, type SlotStats } from "@/lib/aws/adaptive-slots";
import { describeAwsFault } from "@/lib/aws/errors";

// Every Organizations call of a sync goes through one runner: at most `concurrency` requests in flight, fewer while
// AWS throttles (AdaptiveSlots: halved on TooManyRequestsException, one more per round of successes), backoff with
// jitter when a call stays throttled (on top of the SDK's own retries, whose retry quota can run dry in a throttling
// storm), and a count of every HTTP attempt, SDK retries included, for the sync record and the benchmark.

type OrgCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  OrganizationsClientResolvedConfig
>;

export interface OrgCallRunnerOptions {
  /** The most calls in flight. */
  concurrency: number;
  /** Narrow the concurrency while AWS throttles (default true; false keeps it fixed, as before). */
  adaptive?: boolean;
  signal?: AbortSignal;
  /**
   * Attempts per call at this level while AWS throttles; each one is itself up to AWS_MAX_ATTEMPTS SDK attempts.
   * Throttling is transient by nature, so this is generous; the caller's deadline (signal) is the real bound.
   */
  maxThrottledAttempts?: number;
  /** Attempts per call while AWS cannot be reached. */
  maxUnreachableAttempts?: number;
  /** First backoff in ms; doubled per attempt up to `maxDelayMs`, of which half plus a random share is slept. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class OrgCallRunner {
  /** HTTP requests sent, each SDK retry counted. */
  calls = 0;
  /** Requests AWS answered with a throttling error. */
  throttled = 0;
  private readonly slots: AdaptiveSlots;

  constructor(
    private readonly client: OrganizationsClient,
    private readonly options: OrgCallRunnerOptions,
  ) {
    this.slots = new AdaptiveSlots(options.concurrency, options.adaptive ?? true);
  }

  /** Keeps a slot for calls of `priority` while a chain of them is under way (AdaptiveSlots.keepSlot). */
  keepSlot(priority: number): () => void {
    return this.slots.keepSlot(priority);
  }

  /** How the concurrency adapted. */
  slotStats(): SlotStats {
    return this.slots.stats();
  }

  /** Sends a fresh command from `make` until it succeeds, throwing on a fault that waiting cannot fix. */
  /** `priority`: higher goes first when calls wait for a slot (AdaptiveSlots). */
  async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(make: () => OrgCommand<I, O>, priority = 0): Promise<O> {
    const limits = { throttled: this.options.maxThrottledAttempts ?? 40, unreachable: this.options.maxUnreachableAttempts ?? 4 };
    for (let attempt = 1; ; attempt++) {
      this.options.signal?.throwIfAborted();
      try {
        return await this.slots.run((permit) => this.client.send(this.counted(make(), permit), { abortSignal: this.options.signal }), priority);
      } catch (error) {
        const { kind } = describeAwsFault(error, "reading the organization");
        const limit = kind === "throttled" || kind === "unreachable" ? limits[kind] : 0;
        if (attempt >= limit || this.options.signal?.aborted) throw error;
      }
      // Sleep outside the slot, so calls that are not throttled keep going meanwhile.
      await sleep(this.backoffMs(attempt), undefined, { signal: this.options.signal });
    }
  }

  private backoffMs(attempt: number): number {
    // The SDK has already backed off between its own attempts; this adds a longer pause before the next round.
    const base = this.options.baseDelayMs ?? 1_000;
    const cap = Math.min(this.options.maxDelayMs ?? 10_000, base * 2 ** (attempt - 1));
    return cap / 2 + Math.random() * (cap / 2);
  }

  /** The deserialize step runs inside the SDK's retry loop, so this sees every attempt, not just every call. */
  private counted<I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: OrgCommand<I, O>, permit: Permit): OrgCommand<I, O> {
    command.middlewareStack.add(
      (next) => async (args) => {
        this.calls += 1;
        try {
          const output = await next(args);
          permit.succeeded();
          return output;
        } catch (error) {
          if (describeAwsFault(error, "").kind === "throttled") {
            this.throttled += 1;
            permit.throttled();
          }
          throw error;
        }
      },
      { step: "deserialize", name: "gatehouseCountOrganizationsCalls", priority: "high" },
    );
    return command;
  }
}
