import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { setsOf, type MaxdiffQuestion } from "../../src/surveys/kinds/maxdiff.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { download, importCsv, type Session } from "../helpers/data.js";
import { Respondent } from "../helpers/respondent.js";

const DIR = join(import.meta.dirname, "../fixtures/maxdiff");
let t: TestApp;
let q: MaxdiffQuestion;

beforeEach(() => {
  t = createTestApp(DIR);
  q = t.registry.current("bw")!.definition.pages[1].questions[0] as MaxdiffQuestion;
});

/** The sets a page shows, read from its radio buttons: set number → item values in order. */
function shownSets(html: string): Map<number, string[]> {
  const sets = new Map<number, string[]>();
  for (const m of html.matchAll(/name="migliori\/(\d+)\/best" value="([a-z_]+)"/g)) {
    const list = sets.get(Number(m[1])) ?? [];
    list.push(m[2]);
    sets.set(Number(m[1]), list);
  }
  return sets;
}

/** Best = first item, worst = last item of every set shown. */
function picks(html: string): Record<string, string> {
  const fields: Record<string, string> = {
    "migliori/version": /name="migliori\/version" value="(\d+)"/.exec(html)![1],
  };
  for (const [set, items] of shownSets(html)) {
    fields[`migliori/${set}/best`] = items[0];
    fields[`migliori/${set}/worst`] = items[items.length - 1];
  }
  return fields;
}

describe("a best–worst question on the respondent's pages (no JavaScript)", () => {
  it("shows the sets of the respondent's design version as labelled radio groups, and stores the version with the answer", async () => {
    const r = new Respondent(t.app, "bw");
    await r.start();
    await r.answer({ eta: "giovane", quartiere: "nord" });
    expect(r.pageId).toBe("importanza");
    const version = Number(/name="migliori\/version" value="(\d+)"/.exec(r.html)![1]);
    const sets = shownSets(r.html);
    expect([...sets.values()]).toEqual(setsOf(q, t.registry.current("bw")!.catalogue, version));
    // One fieldset per set, its legend says which; every radio has its own name in words.
    expect(r.html).toContain('<legend class="maxdiff-set-label">Gruppo 1 di 6</legend>');
    expect(r.html).toMatch(/<span class="visually-hidden">Più importante: [^<]+<\/span>/);
    expect(r.html).toMatch(/<span class="visually-hidden">Meno importante: [^<]+<\/span>/);
    const controls = [...r.html.matchAll(/<input type="radio"/g)].length;
    expect(controls).toBe(6 * 4 * 2);

    await r.answer(picks(r.html));
    expect(r.pageId).toBe("fine");
    await r.answer({});
    expect(r.path).toMatch(/riepilogo/);
    expect(r.html).toContain("Gruppo 6");
    await r.submitFromSummary();
    const [stored] = listResponses(t.db, "bw");
    expect(stored.answers["migliori/version"]).toBe(String(version));
    expect(Object.keys(stored.answers).filter((k) => k.startsWith("migliori/"))).toHaveLength(13);
  });

  it("sends the page back with the error beside the set, the same sets, and the choices kept", async () => {
    const r = new Respondent(t.app, "bw");
    await r.start();
    await r.answer({ eta: "anziano", quartiere: "sud" });
    const fields = picks(r.html);
    const before = shownSets(r.html);
    fields["migliori/2/worst"] = fields["migliori/2/best"];
    await r.answer(fields);
    expect(r.status).toBe(422);
    expect(r.html).toContain('href="#f-migliori-2-worst"');
    expect(r.html).toContain("La voce più importante e quella meno importante devono essere diverse.");
    expect(shownSets(r.html)).toEqual(before);
    expect(r.html).toMatch(new RegExp(`name="migliori/1/best" value="${fields["migliori/1/best"]}" checked`));
  });

  it("gives the same respondent the same sets on every visit", async () => {
    const r = new Respondent(t.app, "bw");
    await r.start();
    await r.answer({ eta: "giovane", quartiere: "nord" });
    const first = shownSets(r.html);
    await r.answer({}, "back");
    await r.answer({ eta: "giovane", quartiere: "nord" });
    expect(shownSets(r.html)).toEqual(first);
  });
});

describe("a best–worst question on paper, in data entry and through the CSV", () => {
  let admin: Session;
  beforeEach(async () => {
    await createUser(t.db, "admin");
    admin = await signIn(t.app, "admin");
  });

  it("prints one design version per form, chosen in the toolbar", async () => {
    const page = await getAs(t.app, admin, "/admin/questionari/bw/carta?versione=3");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Versione dei gruppi 3");
    const firstSet = setsOf(q, t.registry.current("bw")!.catalogue, 3)[0];
    const catalogue = t.registry.current("bw")!.catalogue!;
    const names = firstSet.map((code) =>
      catalogue.services.find((s) => s.code === code)!.name.it.replace("'", "&#39;"),
    );
    const caption = page.text.indexOf("Gruppo 1 di 6");
    for (const name of names) expect(page.text.indexOf(name, caption)).toBeGreaterThan(caption);
    expect(page.text).toContain('href="?versione=2"');
  });

  it("lets the operator pick the printed version, type the ticks and store them; export and import give the same file", async () => {
    const form = await getAs(t.app, admin, "/admin/questionari/bw/inserimento?versione=2");
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<option value="2" selected>2<\/option>/);
    const fields: Record<string, string> = { ...picks(form.text), eta: "giovane", quartiere: "sud", lingua: "it" };
    expect(fields["migliori/version"]).toBe("2");
    const saved = await postAs(t.app, admin, "/admin/questionari/bw/inserimento", fields);
    expect(saved.status).toBe(303);
    const [stored] = listResponses(t.db, "bw");
    expect(stored.channel).toBe("paper");
    expect(stored.answers["migliori/1/best"]).toBe(setsOf(q, t.registry.current("bw")!.catalogue, 2)[0][0]);

    const first = await download(t.app, admin, "/admin/questionari/bw/esporta.csv");
    const header = first.bytes.toString("utf8").split("\r\n")[0];
    expect(header).toContain("migliori/version,migliori/1/best,migliori/1/worst");
    const target = createTestApp(DIR);
    await createUser(target.db, "admin");
    const targetAdmin = await signIn(target.app, "admin");
    const imported = await importCsv(target.app, targetAdmin, "bw", first.bytes.toString("utf8"));
    expect(imported.status, imported.text.slice(0, 2000)).toBe(303);
    const second = await download(target.app, targetAdmin, "/admin/questionari/bw/esporta.csv");
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it("refuses an imported row whose best item was not in that set, naming the column", async () => {
    const sets = setsOf(q, t.registry.current("bw")!.catalogue, 1);
    const wrong = sets[1].find((x) => !sets[0].includes(x))!;
    const cells = [
      "migliori/version",
      ...Array.from({ length: 6 }, (_, i) => [`migliori/${i + 1}/best`, `migliori/${i + 1}/worst`]).flat(),
    ];
    const values = ["1", ...sets.flatMap((s) => [s[0], s[3]])];
    values[1] = wrong;
    const csv = `response_id,survey_version,channel,submitted_at,eta,quartiere,${cells.join(",")}\r\n,1,import,2026-03-01T10:00:00Z,giovane,nord,${values.join(",")}\r\n`;
    const res = await importCsv(t.app, admin, "bw", csv);
    expect(res.status).toBe(422);
    expect(res.text).toContain("migliori/1/best");
    expect(listResponses(t.db, "bw")).toHaveLength(0);
  });
});

describe("the page buttons in the Designers Italia order", () => {
  it("draws «Indietro» left of «Avanti», with a hidden «Avanti» first so Enter goes forward", async () => {
    const r = new Respondent(t.app, "bw");
    await r.start();
    const actions = r.html.slice(r.html.indexOf('<div class="form-actions">'));
    const submits = [...actions.matchAll(/<button type="submit" name="action" value="([a-z]+)"([^>]*)>/g)].map((m) => [
      m[1],
      m[2].includes('aria-hidden="true"'),
    ]);
    expect(submits.slice(0, 3)).toEqual([
      ["next", true],
      ["back", false],
      ["next", false],
    ]);
    expect(actions.indexOf('value="back"')).toBeLessThan(actions.lastIndexOf('value="next"'));
  });
});
