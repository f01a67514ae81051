import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_ENTE_FILE, readEnteFile } from "../../src/ente/load.js";
import { saveEnte } from "../../src/storage/sqlite-ente.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { findPublication } from "../../src/storage/sqlite-publications.js";
import { type TestApp } from "../helpers/app.js";
import { postAs, signIn } from "../helpers/auth.js";
import { reportApp } from "../helpers/report-pages.js";

let t: TestApp;
let giunta: { cookie: string; csrf: string };
const ENTE = { ...readEnteFile(EXAMPLE_ENTE_FILE), name: "Comune di Prova", ipaCode: "c_z999" };
const confirm = (fields: Partial<typeof ENTE>) => {
  const { example: _e, stemmaType: _s, stemmaVersion: _v, ...rest } = { ...ENTE, ...fields };
  saveEnte(t.db, rest, "admin");
};

beforeAll(async () => {
  t = await reportApp(200, 30, 8);
  confirm({});
  giunta = await signIn(t.app, "giunta");
});

const PUBLIC = ["aggregati.csv", "aggregati.json", "dizionario.csv", "datapackage.json", "dcat.jsonld"];

describe("open data, public only once the giunta publishes the report", () => {
  it("is not found before publication, and the catalogue lists nothing", async () => {
    for (const file of PUBLIC) expect((await request(t.app).get(`/opendata/cittadini/${file}`)).status).toBe(404);
    const catalogue = await request(t.app).get("/opendata/catalogo.jsonld");
    expect(
      catalogue.status,
      catalogue.text
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 600),
    ).toBe(200);
    expect(JSON.parse(catalogue.text)["@graph"][0]["dcat:dataset"]).toEqual([]);
  });

  it("the giunta publishes (audited); the aggregates are then public with DCAT-AP_IT metadata", async () => {
    const page = await request(t.app).get("/reports/cittadini/pubblicazione").set("Cookie", giunta.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Non pubblicati");
    const res = await postAs(t.app, giunta, "/reports/cittadini/pubblicazione", { azione: "pubblica" });
    expect(res.status).toBe(303);
    const publication = findPublication(t.db, "cittadini")!;
    expect(
      listAudit(t.db).some(
        (a) => a.action === "opendata.pubblicati" && a.username === "giunta" && a.target === "cittadini",
      ),
    ).toBe(true);

    const csv = await request(t.app).get("/opendata/cittadini/aggregati.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers["set-cookie"]).toBeUndefined();
    expect(
      csv.text.startsWith("\uFEFFsection,item,item_label,category,category_label,count,estimate,low,high,suppressed"),
    ).toBe(true);

    const json = (await request(t.app).get("/opendata/cittadini/aggregati.json")).body;
    expect(json.publisher).toEqual({ name: "Comune di Prova", ipa: "c_z999" });
    expect(json.license).toBe("https://creativecommons.org/licenses/by/4.0/");
    // The published figures are the report's as published: a count the report withheld stays null here.
    const eta = publication.report.questions.eta.categories;
    for (const [value, cell] of Object.entries(eta)) {
      const row = json.rows.find(
        (r: Record<string, unknown>) => r.section === "domanda" && r.item === "eta" && r.category === value,
      );
      expect(row.count).toBe(cell.count);
      expect(row.suppressed).toBe(cell.suppressed);
    }
    expect(json.rows.every((r: { count: number | null }) => r.count === null || r.count === 0 || r.count >= 5)).toBe(
      true,
    );

    const dcat = JSON.parse((await request(t.app).get("/opendata/cittadini/dcat.jsonld")).text);
    const dataset = dcat["@graph"].find((n: { "@type": string[] }) => n["@type"].includes("dcatapit:Dataset"));
    expect(dataset["dct:identifier"]).toBe("c_z999:cittadini");
    expect(dataset["dct:title"]["@value"]).toContain("risultati aggregati");
    expect(dataset["dct:description"]["@value"].length).toBeGreaterThan(50);
    expect(dataset["dcat:theme"]["@id"]).toBe("http://publications.europa.eu/resource/authority/data-theme/GOVE");
    expect(dataset["dct:issued"]["@value"]).toBe(publication.publishedAt.slice(0, 10));
    expect(dataset["dct:modified"]["@value"]).toBe(publication.report.generatedAt.slice(0, 10));
    const agent = dcat["@graph"].find((n: { "@id": string }) => n["@id"] === dataset["dct:publisher"]["@id"]);
    expect(agent["dct:identifier"]).toBe("c_z999");
    const distributions = dcat["@graph"].filter((n: { "@type": string[] }) =>
      n["@type"].includes("dcatapit:Distribution"),
    );
    expect(distributions).toHaveLength(4);
    for (const d of distributions) expect(d["dct:license"]["@id"]).toBe("https://creativecommons.org/licenses/by/4.0/");

    const catalogue = JSON.parse((await request(t.app).get("/opendata/catalogo.jsonld")).text);
    // Each supertest request has its own port: the addresses agree on their path.
    expect(catalogue["@graph"][0]["dcat:dataset"].map((d: { "@id": string }) => new URL(d["@id"]).pathname)).toEqual([
      "/opendata/cittadini",
    ]);
    const pkg = (await request(t.app).get("/opendata/cittadini/datapackage.json")).body;
    expect(pkg.resources[0].schema.fields.map((f: { name: string }) => f.name)).toEqual([
      "section",
      "item",
      "item_label",
      "category",
      "category_label",
      "count",
      "estimate",
      "low",
      "high",
      "suppressed",
    ]);
  });

  it("withdrawing makes the addresses not found again (audited)", async () => {
    const res = await postAs(t.app, giunta, "/reports/cittadini/pubblicazione", { azione: "ritira" });
    expect(res.status).toBe(303);
    expect((await request(t.app).get("/opendata/cittadini/aggregati.csv")).status).toBe(404);
    expect(listAudit(t.db).some((a) => a.action === "opendata.ritirati")).toBe(true);
  });

  it("refuses to publish under the example ente or without its IPA code, and an analyst may not publish", async () => {
    confirm({ ipaCode: "" });
    const res = await postAs(t.app, giunta, "/reports/cittadini/pubblicazione", { azione: "pubblica" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("codice IPA");
    const fresh = await reportApp(20, 0, 3);
    const freshGiunta = await signIn(fresh.app, "giunta");
    const example = await postAs(fresh.app, freshGiunta, "/reports/cittadini/pubblicazione", { azione: "pubblica" });
    expect(example.status).toBe(422);
    expect(example.text).toContain("esempio");
    expect(findPublication(fresh.db, "cittadini")).toBeUndefined();
    confirm({});
    const analyst = await signIn(t.app, "analyst");
    expect((await postAs(t.app, analyst, "/reports/cittadini/pubblicazione", { azione: "pubblica" })).status).toBe(403);
    expect(findPublication(t.db, "cittadini")).toBeUndefined();
  });
});
