import { describe, expect, it } from "vitest";
import { reportLabels, type ReportLabels } from "../../src/report/labels.js";
import { renderBriefing } from "../../src/report/briefing.js";
import { renderOfflineReport } from "../../src/report/offline.js";
import { jsonForHtml, reportModel } from "../../src/report/view.js";
import { filterFields } from "../../src/web/report/filters.js";
import { setLang } from "../../src/web/common/locals.js";
import { loadEnte } from "../../src/storage/sqlite-ente.js";
import { createTestApp } from "../helpers/app.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "./fixtures.js";

/** What a rogue designer could type as a label: markup that redirects (no script needed) and markup that runs. */
const PAYLOAD = `<meta http-equiv="refresh" content="0;url=https://evil.example"><img src=x onerror=alert(1)><script>alert(2)</script>`;
const RAW = [/<meta http-equiv="refresh"/i, /<img src=x/i, /<script>alert/i];

const poison = (labels: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, `${PAYLOAD}${v}`]));

/** Every label a report prints (services, areas, choices of every question — «offices» and «time lost» too —, census categories, subjects). */
function hostileLabels(): ReportLabels {
  const labels = reportLabels(citizenSurvey, staffSurvey);
  return {
    ...labels,
    services: poison(labels.services),
    areas: poison(labels.areas),
    subjects: poison(labels.subjects),
    choices: Object.fromEntries(Object.entries(labels.choices).map(([q, c]) => [q, poison(c)])),
    variables: Object.fromEntries(Object.entries(labels.variables).map(([q, c]) => [q, poison(c)])),
    variableNames: poison(labels.variableNames),
  };
}

describe("report templates with hostile labels", () => {
  const report = reportOf(syntheticSample(400, 40, 5));
  report.survey.title.it = `${PAYLOAD}Questionario`;
  const labels = hostileLabels();

  it("the offline file prints every label as text, carries a strict CSP <meta> first in <head>, and no script", () => {
    const html = renderOfflineReport(report, citizenSurvey.catalogue, { comuneName: `${PAYLOAD}Comune`, labels });
    for (const raw of RAW) expect(html).not.toMatch(raw);
    // The labels are there, escaped: services and macro-areas in the per-service table, census categories in the sample.
    expect(html).toContain(`&lt;meta http-equiv=`);
    const service = labels.services[report.ranking[0].service].slice(PAYLOAD.length);
    expect(html).toMatch(
      new RegExp(
        `<tr data-service="${report.ranking[0].service}"[^>]*>\\s*<th scope="row">&lt;meta[^<]*${service.slice(0, 10)}`,
      ),
    );
    const area = Object.values(labels.areas)[0].slice(PAYLOAD.length);
    expect(html).toMatch(new RegExp(`<span class="svc-area">\\(&lt;meta[^<]*${area.slice(0, 8)}`));
    const head = html.slice(0, html.indexOf("</head>"));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(head);
    expect(csp).not.toBeNull();
    expect(head.indexOf(csp![0])).toBeLessThan(head.indexOf("<title>"));
    expect(csp![1]).toContain("default-src 'none'");
    expect(csp![1]).not.toMatch(/script-src(?! 'none')/);
    expect(html).not.toMatch(/<script/i);
  });

  it("the one-page briefing prints every label as text, with the same strict CSP <meta> and no script", () => {
    const html = renderBriefing(report, labels, `${PAYLOAD}Comune`);
    for (const raw of RAW) expect(html).not.toMatch(raw);
    expect(html).toContain("&lt;meta http-equiv=");
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none';`,
    );
    expect(html).not.toMatch(/<script/i);
  });

  it("the report page prints every label as text", async () => {
    // Rendered by the real app (its template locals: asset(), the comune, the language helpers).
    const { app, db } = createTestApp();
    const model = reportModel(report, labels);
    const locals: Record<string, unknown> = {
      ...model,
      filterFields: filterFields(citizenSurvey, report, labels),
      offline: false,
      updating: false,
      chartsJson: jsonForHtml(model.charts),
      query: "",
      extraStyles: [],
      extraScripts: [],
      user: { username: "admin", role: "admin", displayName: "Admin" },
      csrfToken: "x",
      ente: loadEnte(db),
    };
    setLang(locals, "it", "/reports/cittadini", `${PAYLOAD}Comune`);
    const html = await new Promise<string>((resolve, reject) =>
      app.render("report/page", locals, (err, out) => (err ? reject(err) : resolve(out))),
    );
    for (const raw of RAW) expect(html).not.toMatch(raw);
    expect(html).toContain("&lt;meta http-equiv=");
    // The filter form's options (census categories) are there, escaped.
    expect(html).toMatch(
      /<select id="f-quartiere" name="quartiere"[^>]*>\s*<option value="">Tutti i quartieri<\/option>\s*<option value="[a-z_]+">&lt;meta/,
    );
  });
});
