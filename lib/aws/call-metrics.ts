import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from "@aws-sdk/types";
import { metrics } from "@/lib/metrics/registry";

// Latency and errors of every AWS API call, by service and operation: a middleware at the SDK's first step, so a
// call's time includes the SDK's own retries and its error is the one the caller gets.

const NAME = /[^A-Za-z0-9_]/g;
const label = (text: string | undefined, suffix: RegExp) => (text ?? "unknown").replace(suffix, "").replace(NAME, "").slice(0, 64) || "unknown";

/** "OrganizationsClient" → "organizations"; "ListAccountsForParentCommand" → "ListAccountsForParent". */
export function callLabels(context: HandlerExecutionContext): { service: string; operation: string } {
  return { service: label(context.clientName, /Client$/).toLowerCase(), operation: label(context.commandName, /Command$/) };
}

const errorName = (error: unknown) => label(error instanceof Error ? error.name : undefined, /$^/);

export const awsCallMetrics: InitializeMiddleware<object, MetadataBearer> =
  (next: InitializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: InitializeHandlerArguments<object>) => {
    const { service, operation } = callLabels(context);
    const m = metrics();
    const started = performance.now();
    try {
      const output = await next(args);
      m.awsCallDuration.observe({ service, operation, result: "ok" }, (performance.now() - started) / 1000);
      return output;
    } catch (error) {
      m.awsCallDuration.observe({ service, operation, result: "error" }, (performance.now() - started) / 1000);
      m.awsCallErrors.inc({ service, operation, error: errorName(error) });
      throw error;
    }
  };

/** Adds the middleware to an SDK client's stack (once per client: lib/aws/clients.ts makes and caches them). */
export function instrumentAwsClient(client: object): void {
  const stack = (client as { middlewareStack?: MiddlewareStack<object, MetadataBearer> }).middlewareStack;
  if (!stack) throw new TypeError("not an AWS SDK client: it has no middleware stack");
  stack.add(awsCallMetrics, { step: "initialize", name: "gatehouseCallMetrics" });
}
