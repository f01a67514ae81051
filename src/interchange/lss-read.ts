import { XMLParser } from "fast-xml-parser";
import { ImportError, plainText } from "./draft-builder.js";

type Row = Record<string, unknown>;

/** The tables of a LimeSurvey structure export (.lss), texts gathered per language (3.x and 4.x–6.x layouts). */
export interface LssDocument {
  dbVersion: number;
  languages: string[];
  baseLanguage: string;
  survey: Row;
  /** Per language: title, description, privacy notice. */
  surveyTexts: Map<string, { title: string; description: string; policy: string }>;
  groups: {
    gid: string;
    order: number;
    relevance: string;
    texts: Map<string, { name: string; description: string }>;
  }[];
  questions: LssQuestion[];
  subquestions: Map<string, LssQuestion[]>;
  answers: Map<string, LssAnswer[]>;
  attributes: Map<string, Map<string, string>>;
}

export interface LssQuestion {
  qid: string;
  parentQid: string;
  gid: string;
  type: string;
  title: string;
  other: boolean;
  mandatory: boolean;
  order: number;
  scaleId: number;
  relevance: string;
  texts: Map<string, { question: string; help: string }>;
}

export interface LssAnswer {
  code: string;
  order: number;
  scaleId: number;
  texts: Map<string, string>;
}

/** A cell's text: numbers and booleans as written, anything else (missing, nested) empty. */
export const str = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? String(v) : "";
const num = (v: unknown): number => Number(str(v)) || 0;

function rows(doc: Row, table: string): Row[] {
  const section = doc[table] as { rows?: { row?: Row[] } } | undefined;
  return section?.rows?.row ?? [];
}

/** Parses the XML; throws ImportError with a plain message when it is not a LimeSurvey survey. */
export function readLss(xml: string): LssDocument {
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (_name, jpath) => String(jpath).endsWith(".rows.row") || String(jpath).endsWith("languages.language"),
  });
  let parsed: Row;
  try {
    parsed = parser.parse(xml, true) as Row;
  } catch (e) {
    throw new ImportError(`Il file non è un XML leggibile: ${(e as Error).message}`);
  }
  const doc = parsed.document as Row | undefined;
  if (!doc || str(doc.LimeSurveyDocType) !== "Survey")
    throw new ImportError("Il file non è l'esportazione della struttura di un questionario LimeSurvey (.lss).");
  const survey = rows(doc, "surveys")[0] ?? {};
  const listed = ((doc.languages as { language?: unknown[] } | undefined)?.language ?? []).map(str).filter(Boolean);
  const baseLanguage = str(survey.language) || listed[0] || "en";
  const languages = [
    ...new Set([baseLanguage, ...listed, ...str(survey.additional_languages).split(/\s+/).filter(Boolean)]),
  ];

  const surveyTexts = new Map(
    rows(doc, "surveys_languagesettings").map((r) => [
      str(r.surveyls_language),
      {
        title: plainText(r.surveyls_title),
        description: plainText(r.surveyls_description),
        policy: plainText(r.surveyls_policy_notice),
      },
    ]),
  );

  const groupL10n = rows(doc, "group_l10ns");
  const groupsById = new Map<string, LssDocument["groups"][number]>();
  for (const r of rows(doc, "groups")) {
    const gid = str(r.gid);
    const group = groupsById.get(gid) ?? {
      gid,
      order: num(r.group_order),
      relevance: str(r.grelevance),
      texts: new Map(),
    };
    if (r.language !== undefined)
      group.texts.set(str(r.language), { name: plainText(r.group_name), description: plainText(r.description) });
    groupsById.set(gid, group);
  }
  for (const r of groupL10n)
    groupsById
      .get(str(r.gid))
      ?.texts.set(str(r.language), { name: plainText(r.group_name), description: plainText(r.description) });

  const questionTexts = new Map<string, Map<string, { question: string; help: string }>>();
  for (const r of rows(doc, "question_l10ns")) {
    const map = questionTexts.get(str(r.qid)) ?? new Map<string, { question: string; help: string }>();
    map.set(str(r.language), { question: plainText(r.question), help: plainText(r.help) });
    questionTexts.set(str(r.qid), map);
  }
  const readQuestions = (table: string): LssQuestion[] => {
    const byId = new Map<string, LssQuestion>();
    for (const r of rows(doc, table)) {
      const qid = str(r.qid);
      const q = byId.get(qid) ?? {
        qid,
        parentQid: str(r.parent_qid),
        gid: str(r.gid),
        type: str(r.type),
        title: str(r.title),
        other: str(r.other) === "Y",
        mandatory: str(r.mandatory) === "Y",
        order: num(r.question_order),
        scaleId: num(r.scale_id),
        relevance: str(r.relevance),
        texts: questionTexts.get(qid) ?? new Map<string, { question: string; help: string }>(),
      };
      // 3.x: one row per language, texts on the row itself.
      if (r.language !== undefined && r.question !== undefined)
        q.texts.set(str(r.language), { question: plainText(r.question), help: plainText(r.help) });
      byId.set(qid, q);
    }
    return [...byId.values()];
  };
  const questions = readQuestions("questions").filter((q) => q.parentQid === "" || q.parentQid === "0");
  const subquestions = new Map<string, LssQuestion[]>();
  for (const q of [
    ...readQuestions("subquestions"),
    ...readQuestions("questions").filter((q) => q.parentQid !== "" && q.parentQid !== "0"),
  ]) {
    const list = subquestions.get(q.parentQid) ?? [];
    if (!list.some((s) => s.qid === q.qid)) list.push(q);
    subquestions.set(q.parentQid, list);
  }
  for (const list of subquestions.values()) list.sort((a, b) => a.order - b.order);

  const answerTexts = new Map<string, Map<string, string>>();
  for (const r of rows(doc, "answer_l10ns")) {
    const map = answerTexts.get(str(r.aid)) ?? new Map<string, string>();
    map.set(str(r.language), plainText(r.answer));
    answerTexts.set(str(r.aid), map);
  }
  const answers = new Map<string, LssAnswer[]>();
  for (const r of rows(doc, "answers")) {
    const qid = str(r.qid);
    const list = answers.get(qid) ?? [];
    const code = str(r.code);
    const scaleId = num(r.scale_id);
    let answer = list.find((a) => a.code === code && a.scaleId === scaleId);
    if (!answer) {
      answer = {
        code,
        order: num(r.sortorder),
        scaleId,
        texts: (r.aid !== undefined ? answerTexts.get(str(r.aid)) : undefined) ?? new Map<string, string>(),
      };
      list.push(answer);
    }
    if (r.language !== undefined && r.answer !== undefined) answer.texts.set(str(r.language), plainText(r.answer));
    answers.set(qid, list);
  }
  for (const list of answers.values()) list.sort((a, b) => a.order - b.order);

  const attributes = new Map<string, Map<string, string>>();
  for (const r of rows(doc, "question_attributes")) {
    const map = attributes.get(str(r.qid)) ?? new Map<string, string>();
    map.set(str(r.attribute), str(r.value));
    attributes.set(str(r.qid), map);
  }

  return {
    dbVersion: num(doc.DBVersion),
    languages,
    baseLanguage,
    survey,
    surveyTexts,
    groups: [...groupsById.values()].sort((a, b) => a.order - b.order),
    questions: questions.sort((a, b) => a.order - b.order),
    subquestions,
    answers,
    attributes,
  };
}
