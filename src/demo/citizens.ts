import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import { bestKey, setsOf, versionKey, worstKey, type MaxdiffQuestion } from "../surveys/kinds/maxdiff.js";
import { activeServices, allQuestions, type Answers } from "../surveys/options.js";
import { DONT_KNOW } from "../surveys/schema.js";
import type { Draw } from "./draw.js";
import { traitOf, type ServiceTrait } from "./services.js";
import { citizenComment } from "./texts.js";

/** Census margins: variable → category → population (the format of reports/margins/*.csv). */
export type Margins = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface CitizenProfile {
  eta: string;
  sesso: string;
  quartiere: string;
  parent: boolean;
  carer: boolean;
  lavoro: string;
  cittadinanza: string;
  lang: Lang;
  /** Answers every grid with one value (a data-quality problem the report must find). */
  straightLiner: boolean;
}

const OLD = new Set(["65_74", "75_piu"]);
const YOUNG = new Set(["18_29", "30_44"]);

const PARENT: Record<string, number> = { "18_29": 0.15, "30_44": 0.62, "45_64": 0.38, "65_74": 0.03, "75_piu": 0 };
const CARER: Record<string, number> = { "18_29": 0.06, "30_44": 0.1, "45_64": 0.22, "65_74": 0.18, "75_piu": 0.08 };
const FOREIGN: Record<string, number> = { "18_29": 0.18, "30_44": 0.22, "45_64": 0.115, "65_74": 0.04, "75_piu": 0.02 };
const WORK: Record<string, Record<string, number>> = {
  "18_29": { orario_ufficio: 0.33, altro_lavoro: 0.25, pensione: 0, studio: 0.3, non_occupato: 0.12 },
  "30_44": { orario_ufficio: 0.5, altro_lavoro: 0.33, pensione: 0, studio: 0.02, non_occupato: 0.15 },
  "45_64": { orario_ufficio: 0.45, altro_lavoro: 0.3, pensione: 0.08, studio: 0, non_occupato: 0.17 },
  "65_74": { orario_ufficio: 0.05, altro_lavoro: 0.05, pensione: 0.85, studio: 0, non_occupato: 0.05 },
  "75_piu": { orario_ufficio: 0, altro_lavoro: 0, pensione: 0.97, studio: 0, non_occupato: 0.03 },
};

/** Age × sex from the crossed margin, quartiere from its own margin; a few answer "altro" or "non_dire". */
export function drawProfile(draw: Draw, margins: Margins): CitizenProfile {
  const cell = draw.weighted(Object.fromEntries(margins.get("eta*sesso") ?? []) as Record<string, number>);
  const [eta, censusSex] = cell.split("*");
  const sesso = draw.chance(0.006) ? "altro" : draw.chance(0.012) ? "non_dire" : censusSex;
  const quartiere = draw.weighted(Object.fromEntries(margins.get("quartiere") ?? []) as Record<string, number>);
  const foreign = draw.chance(FOREIGN[eta] ?? 0.12);
  const cittadinanza = foreign ? (draw.chance(0.3) ? "ue" : "extra_ue") : "italiana";
  return {
    eta,
    sesso,
    quartiere,
    parent: draw.chance(PARENT[eta] ?? 0.3),
    carer: draw.chance(CARER[eta] ?? 0.1),
    lavoro: draw.weighted(WORK[eta] ?? WORK["45_64"]),
    cittadinanza,
    lang: draw.chance(foreign ? 0.4 : 0.01) ? "en" : "it",
    straightLiner: draw.chance(0.04),
  };
}

/** How much more (or less) likely this person is to use a service than an adult with no special reason. */
export function useFactor(t: ServiceTrait, p: CitizenProfile): number {
  let f = 1;
  if (p.parent && t.parents) f *= t.parents;
  if (OLD.has(p.eta) && t.old) f *= t.old;
  if (p.eta === "75_piu" && t.veryOld) f *= t.veryOld / (t.old ?? 1);
  if (YOUNG.has(p.eta) && t.young) f *= t.young;
  if (p.cittadinanza !== "italiana" && t.foreign) f *= t.foreign;
  if (p.carer && t.carers) f *= t.carers;
  return f;
}

const isWorker = (p: CitizenProfile): boolean => p.lavoro === "orario_ufficio" || p.lavoro === "altro_lavoro";

/** The whole citizen questionnaire for one profile: every answer follows from the profile and the services used. */
export function citizenAnswers(draw: Draw, survey: LoadedSurvey, p: CitizenProfile): Answers {
  const a: Answers = { eta: p.eta, sesso: p.sesso, quartiere: p.quartiere };
  if (!draw.chance(0.03)) {
    const nucleo = [p.parent && "figli_minori", p.carer && "assistiti"].filter(Boolean).join(" ");
    a.nucleo = nucleo || "nessuna";
  }
  if (!draw.chance(0.02)) a.lavoro = p.lavoro;
  if (!draw.chance(0.01)) a.cittadinanza = p.cittadinanza;

  const services = survey.catalogue ? activeServices(survey.catalogue) : [];
  const used = services.filter((s) =>
    draw.chance(Math.min(0.9, traitOf(s.value).use * useFactor(traitOf(s.value), p))),
  );
  const contact = used.length > 0 || draw.chance(0.1);
  a.contatto = contact ? "si" : "no";
  const satisfaction: number[] = [];
  if (contact) {
    if (used.length === 0) used.push(draw.pick(services.filter((s) => traitOf(s.value).volume >= 2)));
    const other = draw.chance(0.02);
    a.servizi_usati = [...used.map((s) => s.value), ...(other ? ["other"] : [])].join(" ");
    if (other)
      a["servizi_usati/other"] = draw.pick(
        p.lang === "en"
          ? ["Library card", "Lost property"]
          : ["Biblioteca", "Oggetti smarriti", "Ufficio per il commercio"],
      );
    const flat = p.straightLiner ? String(draw.pick([5, 8, 10])) : null;
    for (const s of used) {
      const t = traitOf(s.value);
      const offices = draw.index([
        1 - (0.2 + 0.3 * t.frag) - (0.05 + 0.45 * t.frag ** 1.2),
        0.2 + 0.3 * t.frag,
        0.05 + 0.45 * t.frag ** 1.2,
      ]);
      const repeats = draw.index([0.8 - 0.6 * t.frag, 0.15 + 0.3 * t.frag, 0.05 + 0.3 * t.frag]);
      a[`volte/${s.value}`] = ["1", "2_3", "4_piu"][
        draw.index([0.65 - 0.3 * t.frag, 0.28 + 0.2 * t.frag, 0.07 + 0.1 * t.frag])
      ];
      a[`uffici/${s.value}`] = ["1", "2", "3_piu"][offices];
      a[`ritorni/${s.value}`] = ["0", "1", "2_piu"][repeats];
      a[`tempo_perso/${s.value}`] = ["meno_30", "30_60", "1_2_ore", "oltre_2_ore"][
        draw.scale(0.3 + 1.6 * t.frag + 0.4 * offices, 0.8, 0, 3)
      ];
      const mark =
        flat ??
        (draw.chance(0.03)
          ? DONT_KNOW
          : String(draw.scale(8.4 - 4 * t.frag - 0.5 * offices - 0.4 * repeats, 1.4, 1, 10)));
      a[`soddisfazione/${s.value}`] = mark;
      if (mark !== DONT_KNOW) satisfaction.push(Number(mark));
    }
  }

  const utility = importanceOf(
    p,
    services.map((s) => s.value),
    new Set(used.map((s) => s.value)),
  );
  bestWorstAnswers(draw, survey, p, utility, a);
  ranking(draw, survey, p, utility, a);
  deskAnswers(draw, p, a);
  if (!draw.chance(0.04)) {
    const mean = satisfaction.length ? satisfaction.reduce((x, y) => x + y, 0) / satisfaction.length : 6.5;
    a.soddisfazione_generale = draw.chance(0.04) ? DONT_KNOW : String(draw.scale(mean - 0.3, 1.2, 1, 10));
  }
  const worst = used.map((s) => ({ s, f: traitOf(s.value).frag })).sort((x, y) => y.f - x.f)[0];
  if (draw.chance(0.22))
    a.commento = citizenComment(draw, p.lang, worst && worst.f >= 0.4 ? worst.s.label[p.lang] : null);
  return a;
}

/**
 * How much each service at the desk matters to this person (a latent utility): more when used, when
 * fragmented, when the service is for people like them. The answers below follow from it.
 */
function importanceOf(p: CitizenProfile, codes: string[], used: Set<string>): Map<string, number> {
  return new Map(
    codes.map((code) => {
      const t = traitOf(code);
      const relevant = useFactor(t, p) >= 1.5 ? 0.8 : 0;
      return [code, -1.2 + 1.6 * t.frag + 4 * Math.min(t.use, 0.15) + (used.has(code) ? 1.3 : 0) + relevant];
    }),
  );
}

/** Gumbel noise: best and worst choices then follow the logit model the analysis fits. */
const gumbel = (draw: Draw): number => -Math.log(-Math.log(Math.max(1e-12, draw.rng.next())));

/**
 * The best–worst question: a design version, then in each set the best by utility plus noise and
 * the worst among the rest. Straight-liners answer by position (always the first best, the last
 * worst); a few skip the question or stop after some sets.
 */
function bestWorstAnswers(
  draw: Draw,
  survey: LoadedSurvey,
  p: CitizenProfile,
  utility: Map<string, number>,
  a: Answers,
): void {
  const q = allQuestions(survey.definition).find((x): x is MaxdiffQuestion => x.type === "maxdiff");
  if (!q || draw.chance(0.04)) return;
  const version = draw.int(1, q.versions);
  const sets = setsOf(q, survey.catalogue, version);
  const answered = draw.chance(0.05) ? draw.int(1, sets.length) : sets.length;
  a[versionKey(q)] = String(version);
  sets.slice(0, answered).forEach((items, i) => {
    if (p.straightLiner) {
      a[bestKey(q, i + 1)] = items[0];
      a[worstKey(q, i + 1)] = items[items.length - 1];
      return;
    }
    const noisy = items.map((code) => ({ code, u: utility.get(code) ?? 0, e: gumbel(draw), f: gumbel(draw) }));
    const best = noisy.reduce((x, y) => (y.u + y.e > x.u + x.e ? y : x));
    const worst = noisy.filter((x) => x !== best).reduce((x, y) => (-y.u + y.f > -x.u + x.f ? y : x));
    a[bestKey(q, i + 1)] = best.code;
    a[worstKey(q, i + 1)] = worst.code;
  });
}

/** The top 3 (or as many as the ranking asks), in order of the latent importance with some noise; some skip it. */
function ranking(draw: Draw, survey: LoadedSurvey, p: CitizenProfile, utility: Map<string, number>, a: Answers): void {
  const q = allQuestions(survey.definition).find((x) => x.type === "ranking" && x.analysis?.role === "preference");
  if (!q || q.type !== "ranking" || draw.chance(0.06)) return;
  const size = draw.chance(0.05) ? Math.max(1, q.size - 2) : q.size;
  const order = [...utility]
    .map(([code, u]) => ({ code, key: u + gumbel(draw) * (p.straightLiner ? 3 : 0.6) }))
    .sort((x, y) => y.key - x.key);
  a[q.id] = order
    .slice(0, size)
    .map((o) => o.code)
    .join(" ");
}

function deskAnswers(draw: Draw, p: CitizenProfile, a: Answers): void {
  const worker = isWorker(p);
  const old = OLD.has(p.eta);
  const foreign = p.cittadinanza !== "italiana";
  const means: Record<string, number> = {
    sabato: 6 + (worker ? 2 : 0),
    sera: 5.5 + (worker ? 2.5 : -0.5),
    appuntamento: 6.5 + (YOUNG.has(p.eta) ? 1 : 0),
    eliminacode: 7,
    operatore_unico: 8 + (old ? 1 : 0),
    pagamento: 7 + (worker ? 0.5 : 0),
    aiuto_digitale: 5.5 + (old ? 3 : 0) - (p.eta === "18_29" ? 1.5 : 0),
    mediazione: foreign ? 8.5 : 3.5,
  };
  if (!draw.chance(0.05)) {
    // Up to 3 features, the ones that matter most to this person (with some noise), in the definition's order.
    const picked = Object.entries(means)
      .map(([row, mean]) => ({ row, key: mean + 1.6 * gumbel(draw) }))
      .sort((x, y) => y.key - x.key)
      .slice(0, draw.int(1, 3));
    a.caratteristiche_utili = Object.keys(means)
      .filter((row) => picked.some((x) => x.row === row))
      .join(" ");
  }
  const slots = worker
    ? (["pausa_pranzo", "sera", "sabato"] as const).filter(() => draw.chance(0.55))
    : (["mattina", "pomeriggio"] as const).filter((s) => draw.chance(s === "mattina" ? 0.8 : 0.4));
  if (!worker && draw.chance(0.15)) a.fasce_orarie = "qualsiasi";
  else if (slots.length)
    a.fasce_orarie = ["mattina", "pausa_pranzo", "pomeriggio", "sera", "sabato"]
      .filter((s) => (slots as readonly string[]).includes(s))
      .join(" ");
  if (!draw.chance(0.03)) {
    const channel = old
      ? { persona: 0.6, telefono: 0.3, online: 0.05, messaggi: 0.05 }
      : foreign
        ? { persona: 0.35, telefono: 0.1, online: 0.25, messaggi: 0.3 }
        : { persona: 0.25, telefono: 0.15, online: 0.45, messaggi: 0.15 };
    a.canale = draw.weighted(channel);
  }
}
