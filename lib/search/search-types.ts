// What the palette and the landing search box search: plain data (no server-only), shared by the routes that
// serve the index and the browser code that searches it.

export type SearchKind = "page" | "account" | "role" | "instance";

/** One thing a person can jump to. The lowercase keys are computed once, when the index is built. */
export interface SearchItem {
  kind: SearchKind;
  /** The main text shown (page title, account name, role name, Name tag or instance id). */
  label: string;
  /** The second line (account id, the role's account, the instance's id, account and region). */
  detail: string;
  href: string;
  /** An identifier typed in full ranks first (account id, instance id); "" when there is none. */
  id: string;
  labelKey: string;
  detailKey: string;
}

/** GET /api/search: pages, accounts and their roles, as compact as JSON allows (5,000 accounts ≈ 200 KB). */
export interface DirectoryIndex {
  pages: { label: string; href: string }[];
  /** [account id, account name, role names the person may open there]. */
  accounts: [string, string, string[]][];
}

/** GET /api/search/instances: the instances the person may reach, and the account/regions that could not be read. */
export interface InstanceIndex {
  /** [instance id, Name tag or "", account id, account name, region]. */
  instances: [string, string, string, string, string][];
  problems: { accountId: string; accountName: string; region: string; message: string }[];
}
