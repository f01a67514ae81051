import { MIN_CELL } from "../analysis/suppression.js";
import type { Report, TrainingNeed } from "./contract.js";
import type { ReportLabels } from "./labels.js";
import type { Helpers, ServiceCard } from "./view.js";

/** A service's row of «Servizio per servizio»: the cells are HTML (a withheld figure is its marker). */
export interface ServiceRow {
  service: string;
  name: string;
  /** The macro-area that handles it, or null when the catalogue names none. */
  area: string | null;
  inTop: boolean;
  /** «3º», or «escluso». */
  position: string;
  usersHtml: string;
  satisfactionHtml: string;
  dissatisfiedHtml: string;
  importanceHtml: string;
  staffHtml: string;
  severityHtml: string;
  feasibleHtml: string;
}

/** A subject's row of the training table, over all staff. */
export interface TrainingRow {
  subject: string;
  answeredHtml: string;
  noneHtml: string;
  basicHtml: string;
  inDepthHtml: string;
  needHtml: string;
}

/** What views/report/cards.ejs prints: citizens beside staff for each service, then the training needs. */
export interface StaffView {
  /** The importance column's scale, «1–10» or «da −1 a 1» (best–worst). */
  importanceScale: string;
  services: ServiceRow[];
  training: {
    /** «40 risposte», as HTML. */
    answersHtml: string;
    /** What is said of the macro-areas too small to show («» when none is hidden), with its leading space. */
    hiddenNote: string;
    rows: TrainingRow[];
    /** The macro-areas shown, as the by-area table's headings. */
    areas: string[];
    /** Per subject, the share asking for training in each shown macro-area («—» where it has none). */
    byArea: { subject: string; cellsHtml: string[] }[];
  };
}

export function staffView(report: Report, h: Helpers, labels: ReportLabels, cards: readonly ServiceCard[]): StaffView {
  const k = report.settings.topK;
  const share = (x: number | null | undefined): string => h.value(x, (v) => h.pct(v, 0));
  const tr = report.staff.training;
  const areas = Object.keys(tr.byArea);
  const hidden = tr.hiddenAreas;
  return {
    importanceScale: cards.length ? cards[0].importanceScale : "1–10",
    services: cards.map((c) => {
      const s = c.ranked;
      const st = c.staff;
      const area = labels.serviceAreas[s.service];
      return {
        service: s.service,
        name: h.service(s.service),
        area: area ? h.area(area) : null,
        inTop: s.rank !== null && s.rank <= k,
        position: s.rank !== null ? h.ord(s.rank) : "escluso",
        usersHtml: h.count(s.users),
        satisfactionHtml: c.satisfaction ? h.num(c.satisfaction.mean!, 1) : h.withheld(),
        dissatisfiedHtml: share(s.raw.U),
        importanceHtml: c.importance
          ? h.value(c.importance.mean, (v) => h.num(v, c.importanceScale === "1–10" ? 1 : 2))
          : h.withheld(),
        staffHtml: st ? h.count(st.n) : h.withheld(),
        severityHtml: st ? h.value(st.severity, (v) => h.num(v, 1)) : h.withheld(),
        feasibleHtml: st ? share(st.feasible) : h.withheld(),
      };
    }),
    training: {
      answersHtml: h.answers(report.staff.total),
      hiddenNote:
        hidden === 1
          ? ` Una macro-area ha meno di ${MIN_CELL} risposte: non è mostrata da sola, ma le sue risposte contano nel totale.`
          : hidden > 1
            ? ` ${hidden} macro-aree hanno meno di ${MIN_CELL} risposte ciascuna: non sono mostrate da sole, ma le loro risposte contano nel totale.`
            : "",
      rows: tr.subjects.flatMap((sub) => {
        const c: TrainingNeed | undefined = tr.overall[sub];
        if (!c) return [];
        return [
          {
            subject: h.subject(sub),
            answeredHtml: h.count(c.answered),
            noneHtml: h.count(c.none),
            basicHtml: h.count(c.basic),
            inDepthHtml: h.count(c.inDepth),
            needHtml: share(c.needShare),
          },
        ];
      }),
      areas: areas.map((a) => h.area(a)),
      byArea: tr.subjects.map((sub) => ({
        subject: h.subject(sub),
        cellsHtml: areas.map((a) => {
          const c: TrainingNeed | undefined = tr.byArea[a][sub];
          return c ? share(c.needShare) : "—";
        }),
      })),
    },
  };
}
