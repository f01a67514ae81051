import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import type { TestApp } from "../helpers/app.js";
import { signIn } from "../helpers/auth.js";
import { printedCounts, reportApp, textOf } from "../helpers/report-pages.js";

/** A count printed in words in the text (e.g. "3 risposte", "n = 2"): there must be none under 5. */
function smallCountsInText(html: string): string[] {
  const text = textOf(html);
  return [...text.matchAll(/\b([1-4]) (risposte|persone|respondents)\b|n = ([1-4])\b|su ([1-4])\b/g)].map((m) => m[0]);
}

let t: TestApp;
let cookie = "";
beforeAll(async () => {
  // A sparse data set: 30 citizens and 8 staff, so most cells fall under 5.
  t = await reportApp(30, 8, 11);
  cookie = (await signIn(t.app, "giunta")).cookie;
});

describe("a sparse data set: no count under 5 anywhere in the page or in the offline file", () => {
  for (const path of ["/reports/cittadini", "/reports/cittadini/rapporto.html"]) {
    it(path, async () => {
      const res = await request(t.app).get(path).set("Cookie", cookie);
      expect(res.status).toBe(200);
      const counts = printedCounts(res.text);
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.filter((n) => n > 0 && n < 5)).toEqual([]);
      expect(smallCountsInText(res.text)).toEqual([]);
      // Withheld is said in words, never written as a zero.
      expect(res.text).toContain("dato non pubblicato");
    });
    // With 30 citizens every filtered view is under the minimum of 20: not served at all.
    for (const query of ["?quartiere=pinzano", "?canale=kiosk", "?eta=75_piu"]) {
      it(`${path}${query} is not served`, async () => {
        const res = await request(t.app)
          .get(path + query)
          .set("Cookie", cookie);
        expect(res.status).toBe(403);
        expect(textOf(res.text)).toContain("meno di 20 persone");
        expect(printedCounts(res.text)).toEqual([]);
      });
    }
  }

  it("says on top, in the offline file too, when the sample can't be weighted yet", async () => {
    for (const path of ["/reports/cittadini", "/reports/cittadini/rapporto.html"]) {
      const res = await request(t.app).get(path).set("Cookie", cookie);
      expect(res.text, path).toContain('data-banner="weighting"');
      expect(textOf(res.text), path).toContain("Ponderazione. Le stime non sono ponderate");
      // On top, in the one-line warnings before the answer; in full in «Avvertenze».
      expect(res.text, path).toMatch(
        /<p class="warnings-line warnings-danger" data-warnings>[\s\S]*?ponderazione non riuscita/,
      );
      expect(textOf(res.text), path).toContain("dipendenti, non ponderate;");
    }
  });

  it("a small view publishes nothing, not even its size, and a combination of filters is refused", async () => {
    const json = await request(t.app).get("/reports/cittadini.json?quartiere=villaggio_groane").set("Cookie", cookie);
    expect(json.status).toBe(403);
    expect(json.body.responses).toBeUndefined();
    const res = await request(t.app)
      .get("/reports/cittadini?quartiere=villaggio_groane&canale=paper")
      .set("Cookie", cookie);
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('id="classifica"');
  });

  it("draws in the importance–performance chart only services with at least 5 answers on both questions", async () => {
    const json = (await request(t.app).get("/reports/cittadini.json").set("Cookie", cookie)).body;
    // The core publishes no mean on fewer than 5 answers; such a point has no coordinates to draw.
    expect(
      json.ipa.points.filter(
        (p: { satisfactionN: number | null; satisfaction: number | null }) =>
          p.satisfaction !== null && (p.satisfactionN ?? 0) < 5,
      ),
    ).toEqual([]);
    const few = json.ipa.points.filter((p: { satisfaction: number | null }) => p.satisfaction === null);
    expect(few.length).toBeGreaterThan(0);
    const res = await request(t.app).get("/reports/cittadini").set("Cookie", cookie);
    const data = JSON.parse(
      /<script type="application\/json" id="dati-grafici">([\s\S]*?)<\/script>/.exec(res.text)![1],
    );
    const catalogue = t.registry.current("cittadini")!.catalogue!;
    const drawn = new Set(data.ipa.points.map((p: { label: string }) => p.label));
    for (const p of few) expect(drawn.has(catalogue.services.find((s) => s.code === p.service)!.name.it)).toBe(false);
  });
});
