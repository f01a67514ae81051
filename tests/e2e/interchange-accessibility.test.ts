import { join } from "node:path";
import { expect, it } from "vitest";
import { createUser } from "../helpers/auth.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, useBrowserApp, signIn } from "../helpers/browser.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";
import { sampleFiles } from "../helpers/samples.js";

describeBrowser(
  "interchange pages (import, import result, API tokens, open-data publication): axe-core, WCAG 2.1 AA",
  () => {
    const env = useBrowserApp();

    it("imports a LimeSurvey file, creates and lists an API token, opens the publication page", async () => {
      await createUser(env.test.db, "admin");
      recordSample(env.test.db, env.test.registry, SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
      const page = await env.newPage();
      await signIn(page, env.url(""), "admin");

      await page.goto(env.url("/admin/designer/importa"));
      await expectAccessible(page, "import form");
      await page.getByRole("button", { name: "Importa nella bozza" }).click();
      expect(await page.textContent("main")).toContain("Scelga il file da importare");
      await expectAccessible(page, "import form with errors");

      const lss = sampleFiles("lss").find((f) => f.endsWith("limesurvey_survey_demo.lss"));
      if (lss) {
        await page.getByLabel("LimeSurvey (.lss)").check();
        await page.getByLabel("File da importare").setInputFiles(join(lss));
        await page.getByRole("button", { name: "Importa nella bozza" }).click();
        expect(await page.textContent("h1")).toContain("Questionario importato nella bozza");
        await expectAccessible(page, "import result");
      }

      await page.goto(env.url("/admin/api"));
      await expectAccessible(page, "API tokens");
      await page.getByLabel("A che cosa serve").fill("cruscotto");
      await page.getByLabel("Questionario").selectOption("prova");
      await page.getByRole("button", { name: "Crea il token" }).click();
      expect(await page.inputValue("#token-value")).toMatch(/^spt_/);
      await expectAccessible(page, "API token created");

      await page.goto(env.url("/reports/prova/pubblicazione"));
      await expectAccessible(page, "open-data publication");
    });
  },
);
