import { expect, it } from "vitest";
import { firstAdminSetupToken } from "../../src/storage/sqlite-accounts.js";
import { createUser, PASSWORD } from "../helpers/auth.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp } from "../helpers/browser.js";

describeBrowser("accounts pages in a browser (axe-core, WCAG 2.1 AA)", () => {
  const env = useBrowserApp();

  it("setup link, sign-in (also refused), home, users (with errors and an invitation) and the audit log", async () => {
    const token = firstAdminSetupToken(env.test.db)!;
    const setup = await env.newPage();
    await setup.goto(env.url(`/attivazione/${token}`));
    await expectAccessible(setup, "setup link");
    await setup.fill("#f-username", "urp");
    await setup.fill("#f-displayName", "Ufficio relazioni con il pubblico");
    await setup.fill("#f-password", "corta");
    await setup.click("button[type=submit]");
    await expectAccessible(setup, "setup link with errors");

    await createUser(env.test.db, "admin", "amministratrice");
    const page = await env.newPage();
    await page.goto(env.url("/login"));
    await expectAccessible(page, "sign-in");
    await page.fill("#f-username", "amministratrice");
    await page.fill("#f-password", "password sbagliata");
    await page.click("button[type=submit]");
    expect(await page.textContent("main")).toContain("Nome utente o password non corretti.");
    await expectAccessible(page, "sign-in refused");
    await page.fill("#f-password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(/\/admin$/);
    await expectAccessible(page, "admin home");

    await page.goto(env.url("/admin/utenti"));
    await expectAccessible(page, "users");
    await page.fill("#f-username", "X");
    await page.click("text=Crea l'utente");
    await expectAccessible(page, "users with errors");
    await page.click("text=Crea il link");
    expect(await page.textContent("main")).toContain("/attivazione/");
    await expectAccessible(page, "users with an invitation");

    await page.goto(env.url("/admin/registro"));
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await expectAccessible(page, "audit log");
  });
});
