import { createHash, createHmac, randomBytes } from "node:crypto";

// Opaque, tamper-evident NextTokens and AWS-style paging. With `shortPages` on, some pages come back short or
// empty while NextToken is still set, which AWS documents for Organizations and clients must handle.

export interface PagingOptions {
  /** Server-side cap on items per page, applied on top of MaxResults. */
  pageSize: number;
  shortPages: boolean;
}

export interface PageRequest {
  /** Identifies the query (operation + arguments) so a token cannot be replayed against another query. */
  queryKey: string;
  maxResults?: number;
  nextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export class InvalidNextTokenError extends Error {}

interface TokenState {
  q: string;
  o: number;
  /** How many empty pages were already served at this offset (at most one in a row). */
  e: number;
}

export class Paginator {
  private readonly key = randomBytes(32);

  constructor(private readonly options: PagingOptions) {}

  page<T>(all: readonly T[], request: PageRequest): Page<T> {
    const query = createHash("sha256").update(request.queryKey).digest("base64url").slice(0, 16);
    const state: TokenState = request.nextToken ? this.decode(request.nextToken, query) : { q: query, o: 0, e: 0 };
    let size = Math.max(1, Math.min(request.maxResults ?? this.options.pageSize, this.options.pageSize));
    const remaining = all.length - state.o;
    if (this.options.shortPages && remaining > 0) {
      const roll = createHash("sha256").update(`${query}/${state.o}/${state.e}`).digest()[0]! % 4;
      if (roll === 0 && state.e === 0) return { items: [], nextToken: this.encode({ ...state, e: 1 }) };
      if (roll === 1) size = Math.max(1, Math.floor(size / 2));
    }
    const items = all.slice(state.o, state.o + size);
    const next = state.o + items.length;
    return next < all.length ? { items, nextToken: this.encode({ q: query, o: next, e: 0 }) } : { items };
  }

  private encode(state: TokenState): string {
    const body = Buffer.from(JSON.stringify(state)).toString("base64url");
    return `${body}.${this.sign(body)}`;
  }

  private decode(token: string, query: string): TokenState {
    const [body, mac, extra] = token.split(".");
    if (!body || !mac || extra !== undefined || mac !== this.sign(body)) throw new InvalidNextTokenError("invalid token");
    const state = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenState;
    if (state.q !== query || !Number.isInteger(state.o) || state.o < 0) throw new InvalidNextTokenError("token belongs to another query");
    return state;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url").slice(0, 22);
  }
}
