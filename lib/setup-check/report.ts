import type { TrustStatement } from "./trust-fix";

// What the setup check found, per profile and hop. Working target hops are counted, broken ones listed (each with
// the trust-policy statement that would fix it), so the report stays small for thousands of accounts.

export interface BrokenHop {
  accountId: string;
  roleArn: string;
  /** Who asked (the broker, or the Custodian role). */
  principal: string;
  code: string;
  message: string;
  /** The trust-policy statement that lets the hop through, when AWS refused it; absent when it could not be tried (retry). */
  fix?: TrustStatement;
}

export interface CustodianHopReport {
  roleArn: string;
  ok: boolean;
  broken?: BrokenHop;
}

export interface TargetRoleReport {
  roleName: string;
  /** Accounts where the hop worked. */
  okAccounts: number;
  broken: BrokenHop[];
  /** Accounts not tried: the role already failed too often, the run hit its limit, or the Custodian hop failed. */
  notTried: number;
}

export interface ProfileReport {
  profileId: string;
  name: string;
  custodian: CustodianHopReport;
  roles: TargetRoleReport[];
  /** Why a profile could not be checked at all (e.g. web identity), when it could not. */
  notChecked?: string;
}

export interface SetupReport {
  checkedAt: string;
  ok: boolean;
  profiles: ProfileReport[];
  hopsTried: number;
  hopsBroken: number;
  /** Set when the run stopped at its hop limit. */
  truncated: boolean;
}
