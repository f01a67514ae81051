import type { Role } from "../../admin/sessions.js";
import type { SurveyDefinition } from "../../surveys/schema.js";
import type { TableRow } from "../common/table.js";
import { errorLinks, type SummaryItem } from "../common/error-summary.js";
import { formatInteger } from "../../format/italian.js";

/** A link of the survey page's action list, with an optional explanation after it. */
export interface ActionLink {
  href: string;
  text: string;
  note?: string;
}

/** What each role may open from a survey's staff page (views/admin/survey.ejs), in the page's order. */
export interface SurveyActions {
  actions: ActionLink[];
  /** The report for the giunta, when the survey has one and the role may read it. */
  reportHref: string | null;
}

export function surveyActions(survey: SurveyDefinition, role: Role): SurveyActions {
  const base = `/admin/questionari/${survey.id}`;
  const hasReport = survey.pages.some((p) => p.questions.some((q) => q.analysis?.role === "services_used"));
  const admin = role === "admin";
  const fieldStaff = admin || role === "operator";
  const dataStaff = admin || role === "analyst";
  const links: (ActionLink | false)[] = [
    { href: `${base}/carta`, text: "Versione cartacea da stampare (A4)" },
    fieldStaff && { href: `${base}/inserimento`, text: "Inserimento dei questionari cartacei" },
    fieldStaff && { href: `/kiosk/${survey.id}`, text: "Postazione self-service (kiosk) per il municipio" },
    admin && { href: `${base}/codici`, text: "Codici di accesso: generare, stampare, revocare" },
    admin && { href: "#stato-titolo", text: "Stato e date della raccolta" },
    admin && {
      href: `/admin/designer/${survey.id}`,
      text: "Modifica il questionario",
      note: "(progettazione: una nuova versione, le risposte già raccolte restano legate alla loro)",
    },
    dataStaff && { href: `${base}/risposte`, text: "Sfoglia le risposte" },
    dataStaff && {
      href: `${base}/dati`,
      text: `Dati: esportazione CSV${admin ? ", importazione, conservazione" : ""}`,
    },
    dataStaff && { href: `${base}/codebook`, text: "Dizionario dei dati (codebook)" },
    dataStaff && {
      href: `${base}/campione`,
      text: "Andamento della raccolta: risposte per giorno e campione rispetto alla popolazione",
    },
    admin &&
      hasReport && {
        href: `${base}/impostazioni-rapporto`,
        text: "Impostazioni del rapporto (pesi dei criteri, soglia di fattibilità)",
      },
    admin && hasReport && { href: `${base}/margini`, text: "Margini di censimento per la ponderazione" },
  ];
  return {
    actions: links.filter((l): l is ActionLink => l !== false),
    reportHref: hasReport && role !== "operator" ? `/reports/${survey.id}` : null,
  };
}

const count = formatInteger;

/** The responses by channel, with the page's own channel names (views/partials/table.ejs). */
export function channelRows(byChannel: Readonly<Record<"web" | "kiosk" | "paper" | "import", number>>): TableRow[] {
  return [
    { head: "Web", cells: [count(byChannel.web)] },
    { head: "Kiosk", cells: [count(byChannel.kiosk)] },
    { head: "Carta (inserite da operatore)", cells: [count(byChannel.paper)] },
    { head: "Importate da file", cells: [count(byChannel.import)] },
  ];
}

/** The responses of each of the last days, each day as a <time>. */
export function dayRows(days: readonly { day: string; label: string; count: number }[]): TableRow[] {
  return days.map((d) => ({ head: d.label, datetime: d.day, cells: [count(d.count)] }));
}

/** What the survey's staff page prints below its actions (views/admin/survey.ejs), every text and count ready. */
export interface SurveyFacts {
  title: string;
  heading: string;
  synthetic: string | null;
  opens: string;
  closes: string;
  access: string;
  total: string;
  /** «3 moduli cartacei attendono la seconda digitazione», linked for those who type paper forms. */
  waiting: { text: string; href: string | null } | null;
  openDrafts: { total: string; empty: string };
  /** Where the administrator deletes the drafts holding no answer, when there are some. */
  purgeAction: string | null;
  codes: { total: string; used: string; unused: string; revoked: string } | null;
  /** The administrator's lifecycle form, or null for the other roles. */
  settings: {
    action: string;
    readiness: string[];
    errorItems: SummaryItem[];
    statusError: string | null;
    statusOptions: { value: string; label: string; on: boolean }[];
  } | null;
}

/** What the page knows about the survey's fieldwork (src/web/fieldwork/fieldwork.routes.ts). */
export interface SurveyFactsInput {
  survey: SurveyDefinition;
  role: Role;
  opensAt: string | null;
  closesAt: string | null;
  counts: { total: number; synthetic: number };
  pendingPaper: number;
  openDrafts: { total: number; empty: number };
  codes: { total: number; used: number; unused: number; revoked: number } | null;
  readiness: string[];
  statusLabels: Readonly<Record<string, string>>;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function surveyFacts(input: SurveyFactsInput): SurveyFacts {
  const { survey, role, counts, errors } = input;
  const base = `/admin/questionari/${survey.id}`;
  const admin = role === "admin";
  const pending = input.pendingPaper;
  const noDate = "Nessuna data: vale lo stato";
  return {
    title: `${survey.title.it} · Amministrazione`,
    heading: survey.title.it,
    synthetic: counts.synthetic ? count(counts.synthetic) : null,
    opens: input.opensAt || noDate,
    closes: input.closesAt || noDate,
    access: survey.access === "code" ? "Con codice di accesso monouso" : "Libero",
    total: count(counts.total),
    waiting: pending
      ? {
          text: `${pending === 1 ? "1 modulo cartaceo attende" : `${count(pending)} moduli cartacei attendono`} la seconda digitazione`,
          href: admin || role === "operator" ? `${base}/inserimento` : null,
        }
      : null,
    openDrafts: { total: count(input.openDrafts.total), empty: count(input.openDrafts.empty) },
    purgeAction: admin && input.openDrafts.empty ? `${base}/bozze-vuote/elimina` : null,
    codes: input.codes
      ? {
          total: count(input.codes.total),
          used: count(input.codes.used),
          unused: count(input.codes.unused),
          revoked: count(input.codes.revoked),
        }
      : null,
    settings: admin
      ? {
          action: `${base}/stato`,
          readiness: input.readiness,
          errorItems: errorLinks(errors, ["status", "opensAt", "closesAt"]),
          statusError: errors.status || null,
          statusOptions: Object.entries(input.statusLabels).map(([value, label]) => ({
            value,
            label,
            on: input.values.status === value,
          })),
        }
      : null,
  };
}
