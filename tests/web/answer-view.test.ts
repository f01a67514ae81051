import { describe, expect, it } from "vitest";
import { answerSummary } from "../../src/report/answer-view.js";
import { reportLabels } from "../../src/report/labels.js";
import { helpers } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const labels = reportLabels(citizenSurvey, staffSurvey);
const h = helpers(labels);

describe("the answer block's view model (views/report/summary.ejs)", () => {
  it("heads the page as «sintesi» and lists the warnings with a separator between them, none after the last", () => {
    const a = answerSummary({ ...report, synthetic: true, rankingWithheld: null }, h, "Canale: Web");
    expect(a.id).toBe("sintesi");
    expect(a.title).toBe("La risposta in breve");
    expect(a.warnings.map((w) => w.key)).toEqual(expect.arrayContaining(["synthetic", "filters"]));
    expect(a.warnings.slice(0, -1).every((w) => w.separator === " · ")).toBe(true);
    expect(a.warnings.at(-1)?.separator).toBe("");
    expect(a.warningsDanger).toBe(false);
    expect(answerSummary({ ...report, rankingWithheld: "Troppo incerta." }, h, null).warningsDanger).toBe(true);
  });

  it("gives the desk's first k services with their name, certainty in words and share, and the unassessed note", () => {
    const k = report.settings.topK;
    const ranking = report.ranking.map((r, i) => ({
      ...r,
      topK: i === 0 ? 0.95 : i === 1 ? null : r.topK,
      gate: i === 0 ? ("unknown" as const) : r.gate,
    }));
    const a = answerSummary({ ...report, ranking, rankingWithheld: null }, h, null);
    expect(a.state).toBe("ranked");
    expect(a.deskHeading).toBe(`Lo Sportello consigliato: i primi ${k} servizi`);
    expect(a.top).toHaveLength(k);
    expect(a.top[0]).toEqual({
      service: ranking[0].service,
      name: labels.services[ranking[0].service],
      level: "alta",
      certainty: `quasi certo: tra i primi ${k} nel 95\u00a0% delle repliche`,
      unassessed: true,
    });
    expect(a.top[1]).toMatchObject({ level: "ignota", certainty: "certezza non calcolata" });
  });

  it("says which excluded services would rank, or that none would, or that none is excluded", () => {
    const scores = report.ranking.map((r) => r.score);
    const top = Math.max(...scores) + 1;
    const one = {
      ...report,
      rankingWithheld: null,
      excluded: [
        { ...report.excluded[0], score: top, gate: "fail" as const, raw: { ...report.excluded[0].raw, X: 0.2 } },
      ],
    };
    const would = answerSummary(one, h, null).excluded;
    expect(would).toMatchObject({ kind: "would-rank", moreLink: "Tutti i 1 esclusi" });
    if (would.kind !== "would-rank") throw new Error("expected the services that would rank");
    expect(would.items).toEqual([
      {
        service: one.excluded[0].service,
        name: labels.services[one.excluded[0].service],
        reason: "sarebbe 1\u00ba; operatore formato sufficiente: 20\u00a0% del personale",
      },
    ]);
    const low = { ...one, excluded: [{ ...one.excluded[0], score: Math.min(...scores) - 1 }] };
    expect(answerSummary(low, h, null).excluded).toEqual({
      kind: "others",
      heading: "Esclusi",
      note: `Nessun servizio escluso sarebbe tra i primi ${report.settings.topK}.`,
      moreLink: "I 1 servizi esclusi perché richiedono uno specialista",
    });
    expect(answerSummary({ ...one, excluded: [] }, h, null).excluded.kind).toBe("none");
  });

  it("writes the sample sentence with counts in Italian format, the collected total only when it differs, and the weighting", () => {
    const responses = { ...report.responses, used: 1234, total: 5678, staff: 40, effectiveN: 812.4 };
    const raked = answerSummary(
      { ...report, responses, weighting: { ...report.weighting, method: "raking" } },
      h,
      null,
    ).sampleHtml;
    expect(raked).toContain(
      'Risposte di <span data-count="1234">1.234</span> cittadini (di <span data-count="5678">5.678</span> raccolti) e <span data-count="40">40</span> dipendenti',
    );
    expect(raked).toContain('valgono come <span data-count="812">812</span> persone estratte a caso');
    // The variables of the report's own margins, escaped for the page.
    expect(raked).toContain("ponderate per fascia d&#39;età, sesso e quartiere (valgono");
    const byArea = answerSummary(
      {
        ...report,
        responses,
        weighting: { ...report.weighting, method: "raking" },
        sample: [{ ...report.sample[0], variable: "frazione" }],
      },
      h,
      null,
    ).sampleHtml;
    expect(byArea).toContain("ponderate per frazione (valgono");
    const plain = answerSummary(
      { ...report, responses: { ...responses, total: 1234 }, weighting: { ...report.weighting, method: "none" } },
      h,
      null,
    ).sampleHtml;
    expect(plain).not.toContain("raccolti");
    expect(plain).toContain(", non ponderate; dati al ");
  });

  it("hides a staff count under 5 and names the state when too few answered or the ranking is withheld", () => {
    const few = answerSummary({ ...report, responses: { ...report.responses, staff: 3, tooFew: true } }, h, null);
    expect(few.state).toBe("too-few");
    expect(few.sampleHtml).toContain("dato non pubblicato");
    expect(few.sampleHtml).not.toContain('data-count="3"');
    const withheld = answerSummary({ ...report, rankingWithheld: "Graduatoria troppo incerta." }, h, null);
    expect(withheld).toMatchObject({ state: "withheld", withheldReason: "Graduatoria troppo incerta." });
  });
});
