import { expect, type Page } from "@playwright/test";

export const USERS = {
  ada: { name: "Ada Admin", email: "ada@example.com" },
  dana: { name: "Dana Developer", email: "dana@example.com" },
  nora: { name: "Nora Newhire", email: "nora@example.com" },
  olaf: { name: "Olaf Outsider", email: "olaf@other.example" },
  uma: { name: "Uma Unverified", email: "uma@example.com" },
  gary: { name: "Gary Gmail", email: "gary.personal@gmail.com" },
} as const;

/** The whole Google sign-in as a person does it: Gatehouse's button, then the issuer's account chooser. */
export async function signInAs(page: Page, user: (typeof USERS)[keyof typeof USERS], startPath = "/") {
  await page.goto(startPath);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.getByRole("button", { name: `${user.name} ${user.email}` }).click();
}
