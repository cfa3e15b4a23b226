import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { Actor, AuthMethod } from "@/lib/actor/actor";
import { getActor } from "@/lib/actor/from-request";
import type { AuditAction } from "@/lib/audit/actions";
import { recordRefusal } from "@/lib/audit/refusals";
import { getConfig } from "@/lib/config";
import { ServiceError } from "@/lib/errors";
import { enforceCredentialLimit } from "@/lib/limits/rate-limit";
import { currentRequestContext } from "@/lib/log/request-context";
import { errorResponse, NO_STORE, toServiceError } from "./answer";
import { parseWith, readJsonBody, readQuery } from "./read-input";
import { assertSameOrigin } from "./same-origin";

// The one path every route handler takes:
//   1. who is asking: an Actor from lib/actor (401 when a signed-in route has none);
//   2. the raw input: content type, size and shape of the JSON body or query string, route params merged in;
//   3. the same-origin rule, wherever state changes or a credential is issued;
//   4. on credential routes, the per-person rate limit, then the route's zod schema;
//   5. one service call with ({ actor, input }), which knows nothing of HTTP;
//   6. service errors to HTTP from the one table in lib/errors.ts.
// On credential routes (`issues`), a request refused in steps 2-4 is audited under the route's action, so every
// refused attempt by a known person has exactly one record; refusals inside the service are audited by the service.
// Each route names the ways in it accepts (`accept`): the browser session by default, so a command-line token is
// nobody on every route that does not ask for it (the /api/v1/ routes), and a browser cookie nobody on those.

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };

interface BaseSpec<S extends z.ZodType, O> {
  /** The ways in this route accepts (default: the browser session only); [] reads no credential at all. */
  accept?: readonly AuthMethod[];
  /** Where the input comes from: the JSON body or the query string (route params are merged in either way). */
  input?: { from: "json" | "query"; schema: S };
  /** The largest JSON body this route reads (default: MAX_REQUEST_BODY_BYTES); for routes that take a whole file. */
  maxBodyBytes?: number;
  /** Apply the same-origin rule (default: every method but GET and HEAD). */
  sameOrigin?: boolean;
  /** A credential route: refusals before the service are audited under this action, and the rate limit applies. */
  issues?: AuditAction;
  /** The answer for a result (default: JSON, 200, no-store). */
  respond?: (result: O, request: Request) => Response;
  /** An error answer other than JSON (the console link's HTML page). */
  renderError?: (error: ServiceError, request: Request) => Response | undefined;
}

export interface SignedInRoute<S extends z.ZodType, O> extends BaseSpec<S, O> {
  handle: (context: { actor: Actor; input: z.output<S>; request: Request }) => Promise<O>;
}

export interface PublicRoute<S extends z.ZodType, O> extends BaseSpec<S, O> {
  handle: (context: { actor: Actor | null; input: z.output<S>; request: Request }) => Promise<O>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

async function readParams(context: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await context?.params) ?? {};
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string") continue;
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      throw new ServiceError("invalid-input", `The ${key} in the address is not valid percent-encoding.`);
    }
  }
  return params;
}

async function readRawInput<S extends z.ZodType, O>(
  spec: BaseSpec<S, O>,
  request: Request,
  context: RouteContext | undefined,
): Promise<Record<string, unknown>> {
  const params = await readParams(context);
  let given: unknown = undefined;
  if (spec.input?.from === "json") given = await readJsonBody(request, Math.max(spec.maxBodyBytes ?? 0, getConfig().MAX_REQUEST_BODY_BYTES));
  if (spec.input?.from === "query") given = readQuery(new URL(request.url));
  if (given !== undefined && !isPlainObject(given)) throw new ServiceError("invalid-input", "Invalid request: expected a JSON object.");
  return { ...(given ?? {}), ...params };
}

function answer<S extends z.ZodType, O>(spec: BaseSpec<S, O>, request: Request, result: O): Response {
  if (spec.respond) return spec.respond(result, request);
  return NextResponse.json(result, { headers: NO_STORE });
}

function fail<S extends z.ZodType, O>(spec: BaseSpec<S, O>, request: Request, thrown: unknown): Response {
  const error = toServiceError(thrown);
  return spec.renderError?.(error, request) ?? errorResponse(error);
}

type ResolveActor = () => Promise<Actor | null>;

const BROWSER_ONLY: readonly AuthMethod[] = ["browser-session"];

function notAccepted(ways: readonly AuthMethod[], refused: AuthMethod | null): ServiceError {
  if (refused === "cli-token") return new ServiceError("unauthenticated", "A command-line token cannot be used here: sign in to Gatehouse in the browser.");
  if (!ways.includes("browser-session"))
    return new ServiceError("unauthenticated", "Send a command-line token (Authorization: Bearer gh1_…); run gatehouse login to get one.");
  return new ServiceError("unauthenticated", "Sign in to Gatehouse first.");
}

async function run<S extends z.ZodType, O>(
  spec: BaseSpec<S, O>,
  signedIn: boolean,
  handle: (actor: Actor | null, input: z.output<S>) => Promise<O>,
  request: Request,
  context: RouteContext | undefined,
  resolveActor: ResolveActor,
): Promise<Response> {
  let actor: Actor | null = null;
  try {
    const ways = spec.accept ?? BROWSER_ONLY;
    actor = ways.length === 0 ? null : await resolveActor();
    let refused: AuthMethod | null = null;
    if (actor && !ways.includes(actor.via)) [refused, actor] = [actor.via, null];
    if (signedIn && !actor) throw notAccepted(ways, refused);
    // The request's log line names who asked (an email: people, not secrets, and this is an internal portal).
    const context = currentRequestContext();
    if (context && actor) context.actor = actor.email;
  } catch (error) {
    return fail(spec, request, error);
  }
  // Steps 2-4: refusals here are the wrapper's; on credential routes they are audited once, here.
  let input: z.output<S>;
  let raw: Record<string, unknown> = {};
  try {
    raw = await readRawInput(spec, request, context);
    const stateChanging = spec.sameOrigin ?? !(request.method === "GET" || request.method === "HEAD");
    // A bearer token is no ambient credential: another site cannot make a browser send one.
    if ((stateChanging || spec.issues) && actor?.via !== "cli-token") assertSameOrigin(request, new URL(getConfig().NEXTAUTH_URL).origin);
    if (spec.issues && actor) {
      await enforceCredentialLimit(actor.sub);
    }
    input = spec.input ? parseWith(spec.input.schema, raw) : (raw as z.output<S>);
  } catch (thrown) {
    const error = toServiceError(thrown);
    if (spec.issues && actor && error.code !== "audit-unavailable") {
      try {
        await recordRefusal(spec.issues, actor, error, raw);
      } catch (auditError) {
        return fail(spec, request, auditError);
      }
    }
    return fail(spec, request, error);
  }
  try {
    return answer(spec, request, await handle(actor, input));
  } catch (error) {
    return fail(spec, request, error);
  }
}

/**
 * A route handler. `asActor` runs the same path with an Actor given instead of read from the request's cookie or
 * token: the integration tests drive every route's real handler that way, below Next but above the services.
 */
export interface RouteHandler {
  (request: Request, context?: RouteContext): Promise<Response>;
  asActor(actor: Actor | null, request: Request, params?: Params): Promise<Response>;
}

function handler<S extends z.ZodType, O>(
  spec: BaseSpec<S, O>,
  signedIn: boolean,
  handle: (actor: Actor | null, input: z.output<S>, request: Request) => Promise<O>,
): RouteHandler {
  const serve = (request: Request, context: RouteContext | undefined, resolveActor: ResolveActor) =>
    run(spec, signedIn, (actor, input) => handle(actor, input, request), request, context, resolveActor);
  const accept = spec.accept ?? BROWSER_ONLY;
  return Object.assign((request: Request, context?: RouteContext) => serve(request, context, () => getActor({ accept })), {
    asActor: (actor: Actor | null, request: Request, params: Params = {}) => serve(request, { params: Promise.resolve(params) }, () => Promise.resolve(actor)),
  });
}

/** A route handler for signed-in people. */
export function route<S extends z.ZodType, O>(spec: SignedInRoute<S, O>): RouteHandler {
  return handler(spec, true, (actor, input, request) => spec.handle({ actor: actor!, input, request }));
}

/** A route handler anyone may call (the actor is there when the caller is signed in). */
export function publicRoute<S extends z.ZodType, O>(spec: PublicRoute<S, O>): RouteHandler {
  return handler(spec, false, (actor, input, request) => spec.handle({ actor, input, request }));
}
