import { readinessProblems } from "../../ente/readiness.js";
import { ENTE_LABELS, REQUIRED_FIELDS, type Ente } from "../../ente/schema.js";
import { marginsFrom } from "../../report/margins-source.js";
import type { Storage } from "../../storage/types.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { MarginsResult } from "../../report/margins.js";
import { surveyWeightingWords } from "../../report/weighting-words.js";

export type StepStatus = "fatto" | "da verificare" | "da fare";

export interface Step {
  title: string;
  status: StepStatus;
  detail: string[];
  href: string;
  action: string;
}

/** What an administrator fills in before opening a survey, each with its state now (either engine). */
export async function firstSteps(storage: Storage, registry: SurveyRegistry, marginsFile: string): Promise<Step[]> {
  const ente = await storage.ente.load();
  const stored = new Map<string, Parameters<typeof marginsFrom>[0]>();
  for (const survey of registry.all())
    stored.set(survey.definition.id, await storage.reportSettings.margins(survey.definition.id));
  return stepsFor(ente, registry, (survey) => marginsFrom(stored.get(survey.definition.id), survey, marginsFile));
}

function stepsFor(
  ente: Ente,
  registry: SurveyRegistry,
  marginsOf: (survey: LoadedSurvey) => MarginsResult | null,
): Step[] {
  const missing = REQUIRED_FIELDS.filter((f) => String(ente[f]).trim() === "").map((f) => `Manca «${ENTE_LABELS[f]}».`);
  const steps: Step[] = [
    {
      title: "Dati dell'ente: nome, codice IPA, contatti, RPD, collegamenti del sito",
      status: missing.length ? "da fare" : ente.example ? "da verificare" : "fatto",
      detail: missing.length
        ? missing
        : ente.example
          ? ["Sono ancora i valori di esempio del Comune di Limbiate: li verifichi e li salvi."]
          : [],
      href: "/admin/ente",
      action: "Apri la pagina Ente",
    },
    {
      title: "Stemma (usato nell'intestazione e come icona del sito)",
      status: ente.stemmaType ? "fatto" : "da fare",
      detail: ente.stemmaType ? [] : ["Facoltativo, ma consigliato: i cittadini riconoscono il Comune."],
      href: "/admin/ente#stemma",
      action: "Carica lo stemma",
    },
  ];
  for (const survey of registry.all()) {
    const margins = marginsOf(survey);
    if (margins) {
      steps.push({
        title: `Margini dall'anagrafe per «${survey.definition.title.it}»`,
        status: !margins.ok ? "da fare" : margins.margins.illustrative ? "da verificare" : "fatto",
        detail: !margins.ok
          ? margins.errors
          : margins.margins.illustrative
            ? [
                `I margini in uso sono illustrativi: carichi i dati dell'anagrafe (popolazione per ${surveyWeightingWords(survey)}).`,
              ]
            : [],
        href: `/admin/questionari/${survey.definition.id}/margini`,
        action: "Apri i margini",
      });
    }
    const problems = readinessProblems(ente, survey.definition);
    steps.push({
      title: `Informativa privacy e testi di «${survey.definition.title.it}»`,
      status: problems.length ? "da fare" : "fatto",
      detail: problems,
      href: problems.some((p) => p.includes("«Ente»")) ? "/admin/ente" : `/admin/designer/${survey.definition.id}`,
      action: problems.some((p) => p.includes("«Ente»"))
        ? "Apri la pagina Ente"
        : "Apri il questionario nella progettazione",
    });
  }
  return steps;
}
