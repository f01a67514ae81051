import { expect, it } from "vitest";
import { createUser } from "../helpers/auth.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";

describeBrowser("«Ente» and «primi passi» in a browser (axe-core, WCAG 2.1 AA)", () => {
  const env = useBrowserApp();

  it("the ente form (also with errors), the stemma upload and the first-steps checklist", async () => {
    await createUser(env.test.db, "admin", "amministratrice");
    const page = await env.newPage();
    await signIn(page, env.url(""), "amministratrice");

    await page.goto(env.url("/admin/primi-passi"));
    expect(await page.textContent("main")).toContain("da verificare");
    await expectAccessible(page, "first steps");

    await page.goto(env.url("/admin/ente"));
    expect(await page.textContent("main")).toContain("Dati di esempio.");
    await expectAccessible(page, "ente");
    await page.fill("#f-pec", "non-valida");
    await page.click("text=Salva i dati dell'ente");
    expect(await page.textContent("main")).toContain("Indichi un indirizzo PEC valido");
    await expectAccessible(page, "ente with errors");
    await page.fill("#f-pec", "protocollo@pec.comune.esempio.it");
    await page.click("text=Salva i dati dell'ente");
    expect(await page.textContent("main")).toContain("Dati dell'ente salvati.");

    await page.setInputFiles("#f-stemma", {
      name: "stemma.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#06c"/></svg>',
      ),
    });
    await page.click("text=Carica lo stemma");
    expect(await page.textContent("main")).toContain("Stemma aggiornato.");
    expect(await page.locator("header img.stemma").count()).toBe(1);
    expect(await page.getAttribute('link[rel="icon"]', "type")).toBe("image/svg+xml");
    await expectAccessible(page, "ente with a stemma");
  });
});
