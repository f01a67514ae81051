import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { checkSurvey, type DefinitionProblem } from "./checks.js";
import { freezeMaxdiff } from "./kinds/maxdiff.js";
import { catalogueSchema, surveySchema, type Catalogue, type SurveyDefinition } from "./schema.js";

// Authors read problems in Italian, like every other message of the product.
z.config(z.locales.it());

export interface LoadedSurvey {
  definition: SurveyDefinition;
  catalogue?: Catalogue;
  /** Fingerprint of the content: a published version must never change without a new number. */
  hash: string;
  file: string;
}

export interface LoadedDefinitions {
  surveys: Map<string, LoadedSurvey>;
  catalogues: Map<string, Catalogue>;
}

export class DefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(`Definizioni dei questionari non valide:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "DefinitionError";
  }
}

/** Reads every `*.json` in the folder (not the generated `*.schema.json`), checks it, and fails with every problem found. */
export function loadDefinitions(dir: string): LoadedDefinitions {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"))
    .sort();
  const raw = new Map<string, unknown>();
  const problems: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      raw.set(path, JSON.parse(readFileSync(path, "utf8")));
    } catch (e) {
      problems.push(`${path}: JSON non leggibile (${(e as Error).message})`);
    }
  }
  const result = parseDefinitions(raw);
  throwIfAny([...problems, ...result.problems]);
  return result.definitions;
}

/** The pure part of loading, also used by the designer and by tests: file name → parsed JSON. */
export function parseDefinitions(raw: Map<string, unknown>): { definitions: LoadedDefinitions; problems: string[] } {
  const problems: string[] = [];
  const catalogues = new Map<string, Catalogue>();
  const surveys = new Map<string, LoadedSurvey>();
  const pending: [string, SurveyDefinition][] = [];
  for (const [file, json] of raw) {
    const kind = (json as { kind?: unknown } | null)?.kind;
    if (kind === "catalogue") {
      const parsed = catalogueSchema.safeParse(json);
      if (!parsed.success) problems.push(...zodProblems(file, parsed.error));
      else if (catalogues.has(parsed.data.id))
        problems.push(`${file}: id: il catalogo "${parsed.data.id}" è già definito`);
      else {
        problems.push(...checkCatalogue(parsed.data).map((p) => `${file}: ${p.path}: ${p.message}`));
        catalogues.set(parsed.data.id, parsed.data);
      }
    } else if (kind === "survey") {
      const parsed = surveySchema.safeParse(json);
      if (!parsed.success) problems.push(...zodProblems(file, parsed.error));
      else pending.push([file, parsed.data]);
    } else {
      problems.push(`${file}: kind: deve essere "survey" o "catalogue"`);
    }
  }
  for (const [file, definition] of pending) {
    const catalogue = definition.catalogue ? catalogues.get(definition.catalogue) : undefined;
    const found = checkSurvey(definition, catalogue);
    if (surveys.has(definition.id))
      found.push({ path: "id", message: `il questionario "${definition.id}" è già definito` });
    if (found.length) {
      problems.push(...found.map((p) => `${file}: ${p.path}: ${p.message}`));
      continue;
    }
    surveys.set(definition.id, { definition, catalogue, file, hash: hashOf({ definition, catalogue }) });
  }
  return { definitions: { surveys, catalogues }, problems };
}

function checkCatalogue(catalogue: Catalogue): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const areas = new Set(catalogue.areas.map((a) => a.value));
  const codes = new Set<string>();
  catalogue.services.forEach((s, i) => {
    if (codes.has(s.code)) problems.push({ path: `services[${i}].code`, message: `il codice "${s.code}" è ripetuto` });
    if (!areas.has(s.area))
      problems.push({ path: `services[${i}].area`, message: `l'area "${s.area}" non è tra le aree` });
    codes.add(s.code);
  });
  return problems;
}

function zodProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${file}: ${jsonPath(issue.path) || "(radice)"}: ${issue.message}`);
}

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`)).join("");
}

function throwIfAny(problems: string[]): void {
  if (problems.length) throw new DefinitionError(problems);
}

/** Key order must not matter, so the JSON is canonicalised before hashing. */
export function hashOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([k, v]) => v !== undefined && k !== "$schema")
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The survey with the design of every best–worst question written into its definition, as a version is
 * published by the designer: the stored version then carries its sets for ever, and its hash covers them.
 */
export function freezeDesigns(survey: LoadedSurvey): LoadedSurvey {
  const pages = survey.definition.pages.map((page) => ({
    ...page,
    questions: page.questions.map((q) => (q.type === "maxdiff" ? freezeMaxdiff(q, survey.catalogue) : q)),
  }));
  const definition = { ...survey.definition, pages };
  return { ...survey, definition, hash: hashOf({ definition, catalogue: survey.catalogue }) };
}
