import "server-only";
import type { Actor } from "@/lib/actor/actor";
import { ServiceError } from "@/lib/errors";
import { isPermittedRole } from "./console-roles";
import { addFavouriteRole, removeFavouriteRole } from "./role-lists";

// Marking a role as a favourite: only a role the person may open can be one; unmarking needs no check.

export interface FavouriteInput {
  accountId: string;
  roleName: string;
}

export async function markFavourite({ actor, input }: { actor: Actor; input: FavouriteInput }) {
  if (!(await isPermittedRole(actor, input.accountId, input.roleName))) {
    throw new ServiceError("not-granted", `You may not open role ${input.roleName} in account ${input.accountId}, so it cannot be a favourite.`);
  }
  await addFavouriteRole(actor.sub, input.accountId, input.roleName);
  return { ...input, favourite: true };
}

export async function unmarkFavourite({ actor, input }: { actor: Actor; input: FavouriteInput }) {
  await removeFavouriteRole(actor.sub, input.accountId, input.roleName);
  return { ...input, favourite: false };
}
