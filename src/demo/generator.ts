import type { Channel } from "../surveys/vocabulary.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import { citizenAnswers, drawProfile, type Margins } from "./citizens.js";
import { streamFor, uuidFrom, type Draw } from "./draw.js";
import { staffAnswers, staffAreas } from "./staff.js";

export type { Margins } from "./citizens.js";

/** One synthetic response, ready for `recordResponse` (which validates it like any other). */
export interface SyntheticResponse {
  surveyId: string;
  answers: Answers;
  meta: {
    channel: Channel;
    lang: Lang;
    startedAt: string | null;
    submittedAt: string;
    synthetic: true;
    enteredBy?: string;
    responseId: string;
  };
}

export interface GeneratorOptions {
  seed: number;
  citizens: number;
  staff: number;
  citizenSurvey: LoadedSurvey;
  staffSurvey: LoadedSurvey;
  margins: Margins;
  /** Last day of the six-week fieldwork (ISO); fixed by default, so a seed always gives the same times. */
  fieldworkEnd?: string;
}

export const DEFAULT_FIELDWORK_END = "2026-10-25T00:00:00.000Z";
const FIELDWORK_DAYS = 42;
/** Operators who "typed in" the synthetic paper questionnaires (the demo's operator account is the first). */
export const PAPER_OPERATORS = ["operatore", "urp.sportello"];

const CITIZEN = 0;
const STAFF = 1;
const AREAS = 2;

/**
 * A synthetic Limbiate: citizens drawn from the census margins and staff by macro-area, with answers
 * that hang together. Pure: the same options give the same responses, ids included; nothing is stored.
 */
export function generateResponses(o: GeneratorOptions): SyntheticResponse[] {
  const end = Date.parse(o.fieldworkEnd ?? DEFAULT_FIELDWORK_END);
  if (!Number.isFinite(end)) throw new Error(`Data di fine rilevazione non valida: ${o.fieldworkEnd}`);
  const start = end - FIELDWORK_DAYS * 86_400_000;
  const out: SyntheticResponse[] = [];
  for (let i = 0; i < o.citizens; i++) {
    const draw = streamFor(o.seed, CITIZEN, i);
    const responseId = uuidFrom(draw);
    const profile = drawProfile(draw, o.margins);
    const answers = citizenAnswers(draw, o.citizenSurvey, profile);
    const old = profile.eta === "65_74" || profile.eta === "75_piu";
    const channel = draw.weighted<Channel>(
      profile.eta === "75_piu"
        ? { web: 0.35, kiosk: 0.15, paper: 0.5 }
        : old
          ? { web: 0.55, kiosk: 0.15, paper: 0.3 }
          : { web: 0.78, kiosk: 0.12, paper: 0.1 },
    );
    const minutes = answers.contatto === "si" ? 9 : 5;
    out.push({
      surveyId: o.citizenSurvey.definition.id,
      answers,
      meta: timing(draw, start, channel, profile.lang, minutes, responseId),
    });
  }
  const areas = staffAreas(streamFor(o.seed, AREAS, 0), o.staff);
  for (let i = 0; i < o.staff; i++) {
    const draw = streamFor(o.seed, STAFF, i);
    const responseId = uuidFrom(draw);
    const answers = staffAnswers(draw, o.staffSurvey, areas[i]);
    const channel = draw.weighted<Channel>({ web: 0.85, paper: 0.15 });
    // Staff answer in the first three weeks, when the internal survey runs.
    out.push({
      surveyId: o.staffSurvey.definition.id,
      answers,
      meta: timing(draw, start, channel, "it", 12, responseId, 21),
    });
  }
  return out;
}

/**
 * When the response came in and how long it took. Submissions peak at the launch and again at the
 * reminder in week 4; web answers come at any hour, kiosk and paper in office hours on weekdays.
 * About 4 % are speeders (one to two and a half minutes). Paper responses have no duration: an operator
 * typed them in, so the start is the moment of entry, as for real paper entry.
 */
function timing(
  draw: Draw,
  start: number,
  channel: Channel,
  lang: Lang,
  medianMinutes: number,
  responseId: string,
  days = FIELDWORK_DAYS,
): SyntheticResponse["meta"] {
  const dayWeights = Array.from({ length: days }, (_, d) => Math.exp(-d / 12) + 0.7 * Math.exp(-((d - 22) ** 2) / 10));
  let day = draw.index(dayWeights);
  const office = channel !== "web";
  if (office) {
    const weekday = new Date(start + day * 86_400_000).getUTCDay();
    if (weekday === 0 || weekday === 6) day = Math.min(days - 1, day + (weekday === 6 ? 2 : 1));
  }
  // Hours in UTC: 7–11 and 12–15 UTC are office hours in Italy in autumn; web from 6 to 21 UTC.
  const hour = office
    ? draw.pick([7, 8, 9, 10, 12, 13, 14])
    : draw.index([1, 2, 3, 3, 3, 3, 4, 3, 3, 3, 3, 4, 5, 5, 4, 3]) + 6;
  const submitted = start + day * 86_400_000 + hour * 3_600_000 + draw.rng.nextInt(3_600_000);
  const speeder = channel !== "paper" && draw.chance(0.04);
  const seconds = speeder ? 60 + draw.rng.nextInt(90) : Math.round(medianMinutes * 60 * Math.exp(0.4 * draw.normal()));
  const started = channel === "paper" ? submitted : submitted - seconds * 1000;
  return {
    channel,
    lang: channel === "paper" && lang === "en" && draw.chance(0.5) ? "it" : lang,
    // A paper form's time is not measured.
    startedAt: channel === "paper" ? null : new Date(started).toISOString(),
    submittedAt: new Date(submitted).toISOString(),
    synthetic: true,
    ...(channel === "paper" ? { enteredBy: draw.pick(PAPER_OPERATORS) } : {}),
    responseId,
  };
}

/** Reads a census margins CSV (`variable,category,population`), the format of reports/margins/. */
export function parseMargins(csv: string): Margins {
  const margins = new Map<string, Map<string, number>>();
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines[0]?.trim() !== "variable,category,population")
    throw new Error("Il file dei margini deve iniziare con la riga «variable,category,population».");
  for (const line of lines.slice(1)) {
    const [variable, category, population] = line.split(",").map((c) => c.trim());
    const n = Number(population);
    if (!variable || !category || !Number.isFinite(n) || n < 0)
      throw new Error(`Riga dei margini non valida: «${line}».`);
    if (!margins.has(variable)) margins.set(variable, new Map());
    margins.get(variable)!.set(category, n);
  }
  for (const needed of ["eta*sesso", "quartiere"])
    if (!margins.has(needed)) throw new Error(`Nel file dei margini manca la variabile «${needed}».`);
  return margins;
}
