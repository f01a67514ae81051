import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { buildReport } from "../report/build.js";
import { olderVersions, reportJobFor, ReportUnavailable, staffSurveyFor, weightingChoices } from "../report/load.js";
import { runReportJobFrom } from "../report/job.js";
import { marginsFrom } from "../report/margins-source.js";
import { parseMargins } from "../report/margins.js";
import { openDataCsv, openDataLabels } from "../report/opendata.js";
import { renderOfflineReport } from "../report/offline.js";
import { renderBriefing } from "../report/briefing.js";
import { reportLabels } from "../report/labels.js";
import { openStorageWithSurveys } from "./open-storage.js";
import { REPORT_USAGE } from "./usage.js";

const FORMATS = ["json", "csv", "html", "sintesi"];

/** `report`: the giunta's report of a survey (SQLite or PostgreSQL), computed exactly as the web pages compute it. */
export async function reportCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      survey: { type: "string" },
      margins: { type: "string" },
      format: { type: "string", default: "json" },
      seed: { type: "string" },
      threads: { type: "string" },
      out: { type: "string" },
      unprotected: { type: "boolean", default: false },
    },
  });
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  // Threads of the bootstrap (by default every core): the report is the same for any number.
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (
    !values.survey ||
    (seed !== undefined && !Number.isInteger(seed)) ||
    (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) ||
    !FORMATS.includes(values.format)
  ) {
    console.error(`Uso: ${REPORT_USAGE}`);
    return 2;
  }
  const { storage, registry } = await openStorageWithSurveys(config);
  try {
    const survey = registry.current(values.survey);
    if (!survey) {
      console.error(`Il questionario "${values.survey}" non esiste.`);
      return 2;
    }
    const settings = {
      ...(await storage.reportSettings.settings(values.survey)),
      ...(seed !== undefined ? { seed } : {}),
    };
    let report;
    const unprotected = values.unprotected === true;
    if (values.margins || unprotected) {
      // Margins given on the command line: checked like an upload, used for this run only.
      const parsed = values.margins
        ? parseMargins(
            values.margins,
            readFileSync(values.margins, "utf8"),
            { illustrative: true, source: values.margins },
            weightingChoices(survey),
          )
        : marginsFrom(await storage.reportSettings.margins(values.survey), survey, config.marginsFile);
      if (parsed && !parsed.ok) {
        console.error(`Margini non validi:\n${parsed.errors.map((e) => `  - ${e}`).join("\n")}`);
        return 2;
      }
      const staffSurvey = staffSurveyFor(registry, survey);
      report = buildReport({
        citizenSurvey: survey,
        citizenVersions: new Map(olderVersions(registry, survey).map((v) => [v.definition.version, v])),
        citizens: await storage.responses.list(values.survey),
        staffSurvey,
        staff: staffSurvey ? await storage.responses.list(staffSurvey.definition.id) : [],
        margins: parsed?.margins,
        settings,
        filters: { groups: {} },
        generatedAt: new Date().toISOString(),
        protect: !unprotected,
        threads,
      });
      if (unprotected) {
        // The exact figures are for verification and internal work only: who asked is recorded.
        await storage.audit.record({
          username: "(riga di comando)",
          action: "rapporto.esatto",
          target: values.survey,
          details: `formato ${values.format}${values.out ? `, file ${values.out}` : ""}`,
        });
        console.error(
          "Attenzione: rapporto ESATTO, senza protezione dei dati (--unprotected). Uso interno: non pubblicarlo (docs/disclosure-policy.md).",
        );
      }
    } else {
      const job = reportJobFor(registry, values.survey, { marginsFile: config.marginsFile, settings, threads });
      report = (await runReportJobFrom(storage.reportInputs, job)).report;
    }
    const comuneName = (await storage.ente.load()).name;
    // csv: the open-data file of the report (suppressed aggregates), as served at /reports/:survey/opendata.csv;
    // html: the self-contained file the giunta opens offline, as served at /reports/:survey/rapporto.html.
    // sintesi: the one-page briefing for the council meeting, as served at /reports/:survey/sintesi.
    const labels = reportLabels(survey, staffSurveyFor(registry, survey));
    const text =
      values.format === "csv"
        ? openDataCsv(report, openDataLabels(survey))
        : values.format === "html"
          ? renderOfflineReport(report, survey.catalogue, { comuneName, labels })
          : values.format === "sintesi"
            ? renderBriefing(report, labels, comuneName)
            : `${JSON.stringify(report, null, 2)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    if (report.margins?.illustrative)
      console.error("Attenzione: i margini di censimento usati sono illustrativi, non dati verificati.");
    if (report.synthetic) console.error("Attenzione: il rapporto contiene dati simulati.");
    if (report.rankingWithheld) console.error(`Attenzione: ${report.rankingWithheld}`);
    else if (report.weighting.problem) console.error(`Attenzione: ${report.weighting.problem}`);
    return 0;
  } catch (error) {
    if (error instanceof ReportUnavailable) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}
