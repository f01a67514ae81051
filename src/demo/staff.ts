import type { LoadedSurvey } from "../surveys/loader.js";
import type { Answers } from "../surveys/options.js";
import { DONT_KNOW } from "../surveys/schema.js";
import type { Draw } from "./draw.js";
import { AREA_CONSTRAINTS, traitOf, type Constraint } from "./services.js";
import { staffReason } from "./texts.js";

/** Share of the staff by macro-area: the registry offices are the largest front office. */
export const AREA_SHARES: Record<string, number> = {
  demografici: 0.28,
  persona: 0.2,
  tecnico: 0.15,
  tributi: 0.12,
  polizia_locale: 0.12,
  affari_generali: 0.1,
  altro: 0.03,
};

const ROLE: Record<string, Record<string, number>> = {
  demografici: { front_office: 0.6, misto: 0.3, back_office: 0.1 },
  tributi: { front_office: 0.35, misto: 0.4, back_office: 0.25 },
  persona: { front_office: 0.3, misto: 0.5, back_office: 0.2 },
  tecnico: { front_office: 0.1, misto: 0.4, back_office: 0.5 },
  polizia_locale: { front_office: 0.25, misto: 0.5, back_office: 0.25 },
  affari_generali: { front_office: 0.45, misto: 0.35, back_office: 0.2 },
  altro: { front_office: 0.1, misto: 0.3, back_office: 0.6 },
};

/** The training subject that is the area's own trade (little need), by area. */
const OWN_SUBJECTS: Record<string, string[]> = {
  demografici: ["anagrafe_stato_civile"],
  tributi: ["tributi"],
  persona: ["sociale", "scuola"],
  tecnico: ["tecnico"],
  polizia_locale: ["polizia_locale"],
  affari_generali: ["protocollo"],
};
const SUBJECTS = [
  "anagrafe_stato_civile",
  "tributi",
  "sociale",
  "scuola",
  "tecnico",
  "polizia_locale",
  "protocollo",
  "gestionali",
  "pagopa_spid",
  "comunicazione",
  "lingue",
];

const PROBLEMS: Record<string, Record<string, number>> = {
  demografici: {
    code: 5,
    interruzioni: 3,
    ufficio_sbagliato: 2,
    info_online: 1,
    documenti_mancanti: 4,
    conflitti: 2,
    spazi: 2,
    orari: 2,
  },
  tributi: {
    code: 3,
    interruzioni: 3,
    ufficio_sbagliato: 3,
    info_online: 3,
    documenti_mancanti: 3,
    conflitti: 3,
    spazi: 1,
    orari: 1,
  },
  persona: {
    code: 1,
    interruzioni: 3,
    ufficio_sbagliato: 3,
    info_online: 2,
    documenti_mancanti: 4,
    conflitti: 4,
    spazi: 3,
    orari: 1,
  },
  tecnico: {
    code: 1,
    interruzioni: 4,
    ufficio_sbagliato: 3,
    info_online: 4,
    documenti_mancanti: 5,
    conflitti: 1,
    spazi: 1,
    orari: 2,
  },
  polizia_locale: {
    code: 2,
    interruzioni: 3,
    ufficio_sbagliato: 3,
    info_online: 2,
    documenti_mancanti: 2,
    conflitti: 4,
    spazi: 2,
    orari: 2,
  },
  affari_generali: {
    code: 3,
    interruzioni: 4,
    ufficio_sbagliato: 5,
    info_online: 2,
    documenti_mancanti: 2,
    conflitti: 2,
    spazi: 2,
    orari: 2,
  },
};
const CONSTRAINTS: Constraint[] = ["delega", "software", "firma", "pagamento", "sopralluogo"];

/**
 * The areas of n staff members: quotas by largest remainder, then shuffled. A town hall's offices have
 * fixed sizes, and with 60 respondents a free draw could leave a whole area with one or two people.
 */
export function staffAreas(draw: Draw, n: number): string[] {
  const quotas = Object.entries(AREA_SHARES).map(([area, share]) => ({
    area,
    exact: share * n,
    count: Math.floor(share * n),
  }));
  let left = n - quotas.reduce((s, q) => s + q.count, 0);
  for (const q of [...quotas].sort((a, b) => b.exact - b.count - (a.exact - a.count))) if (left-- > 0) q.count++;
  const areas = quotas.flatMap((q) => Array<string>(q.count).fill(q.area));
  for (let i = areas.length - 1; i > 0; i--) {
    const j = draw.rng.nextInt(i + 1);
    [areas[i], areas[j]] = [areas[j], areas[i]];
  }
  return areas;
}

/** One staff questionnaire: only the services of their area, views that follow the service's nature. */
export function staffAnswers(draw: Draw, survey: LoadedSurvey, area: string): Answers {
  const role = draw.weighted(ROLE[area]);
  const front = role !== "back_office";
  const a: Answers = { area, ruolo: role };
  const services = (survey.catalogue?.services ?? []).filter((s) => !s.retired && s.area === area);
  for (const s of services) {
    if (draw.chance(0.06)) continue; // "if you do not know a service, leave its row blank"
    const t = traitOf(s.code);
    const k = s.code;
    a[`contatti/${k}`] = ["0", "1_10", "11_50", "oltre_50"][draw.scale(t.volume, 0.6, 0, 3)];
    a[`incomplete/${k}`] = ["meno_25", "25_50", "oltre_50"][
      draw.index([0.75 - 0.5 * t.frag, 0.2 + 0.3 * t.frag, 0.05 + 0.2 * t.frag])
    ];
    a[`gravita/${k}`] = draw.chance(0.05)
      ? DONT_KNOW
      : String(draw.scale(1.6 + 2.8 * t.frag + (front ? 0.3 : 0), 0.8, 1, 5));
    a[`fattibilita/${k}`] = ["inform", "file", "process", "specialist"][draw.index(t.feasible)];
    a[`tempo_contatto/${k}`] = ["meno_5", "5_15", "15_30", "oltre_30"][draw.scale(0.6 + 2.2 * t.frag, 0.7, 0, 3)];
    for (const c of CONSTRAINTS) {
      if (draw.chance(0.08)) continue;
      const p = t.constraints?.[c] ?? AREA_CONSTRAINTS[area]?.[c] ?? 0.3;
      a[`vincolo_${c}/${k}`] = draw.chance(p) ? "si" : "no";
    }
  }
  if (!draw.chance(0.03))
    a.ufficio_sbagliato = ["mai", "raramente", "mese", "settimana", "ogni_giorno"][
      draw.scale(front ? 3 : 1.5, 0.9, 0, 4)
    ];
  if (!draw.chance(0.05)) a.problemi = draw.without(PROBLEMS[area] ?? PROBLEMS.affari_generali, 3).join(" ");
  const risk: Record<string, number> = {
    carico: 3.8,
    competenze: area === "tecnico" || area === "persona" ? 3.8 : 2.8,
    formazione: 3.5,
    ruoli: 3.2,
  };
  for (const [row, mean] of Object.entries(risk))
    a[`rischi/${row}`] = draw.chance(0.05) ? DONT_KNOW : String(draw.scale(mean, 0.9, 1, 5));
  if (!draw.chance(0.03)) {
    a.disponibilita = draw.weighted(
      front
        ? { si: 0.3, si_formazione: 0.4, no: 0.15, incerto: 0.15 }
        : { si: 0.1, si_formazione: 0.3, no: 0.35, incerto: 0.25 },
    );
  }
  const own = OWN_SUBJECTS[area] ?? [];
  for (const subject of SUBJECTS) {
    if (draw.chance(0.06)) continue;
    const mean = own.includes(subject)
      ? 0.2
      : subject === "comunicazione" || subject === "pagopa_spid"
        ? 1.4
        : subject === "lingue"
          ? front
            ? 1.5
            : 0.9
          : 1.1;
    a[`formazione/${subject}`] = ["none", "basic", "deep"][draw.scale(mean, 0.6, 0, 2)];
  }
  if (services.length && draw.chance(0.45)) {
    const specialist = [...services].sort((x, y) => traitOf(y.code).feasible[3] - traitOf(x.code).feasible[3]);
    a.servizio_escluso = draw.chance(0.75) ? specialist[0].code : draw.pick(specialist).code;
    if (draw.chance(0.7)) a.motivo = staffReason(draw);
  }
  return a;
}
