import { InvalidNextTokenError } from "../pagination";
import { AwsError } from "../protocol/errors";
import type { ApiContext } from "./context";

// Helpers shared by the SSM inventory and session handlers.

export function ssmPage<T>(ctx: ApiContext, all: readonly T[], queryKey: string, maxResults: number | undefined, nextToken: string | undefined) {
  try {
    return ctx.paginator.page(all, { queryKey, ...(maxResults !== undefined ? { maxResults } : {}), ...(nextToken ? { nextToken } : {}) });
  } catch (error) {
    if (error instanceof InvalidNextTokenError) throw new AwsError("InvalidNextToken", "The specified token is not valid.", 400);
    throw error;
  }
}

/** `ssm:resourceTag/<k>` and `aws:ResourceTag/<k>` condition keys for a tagged resource. */
export function resourceTagContext(tags: Record<string, string>): Record<string, string> {
  const context: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    context[`ssm:resourceTag/${k}`] = v;
    context[`aws:ResourceTag/${k}`] = v;
  }
  return context;
}
