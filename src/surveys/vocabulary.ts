import type { ANALYSIS_ROLES, DIMENSIONS, Text } from "./schema.js";

/**
 * The words the whole application shares, each defined once with its labels: the staff roles, the
 * channels a response comes through, the scopes of the API's tokens and the analysis roles of questions. Pure data; pages, exports and the report read
 * their labels from here.
 */

/** Who a staff account is: what it may do is the access table (src/web/common/access.ts, SECURITY.md). */
export const ROLES = ["admin", "analyst", "operator", "giunta"] as const;
export type Role = (typeof ROLES)[number];

/** A role's name in a sentence or a table head («amministratore»), and its label on the accounts page. */
export const ROLE_NAMES: Readonly<Record<Role, { name: string; label: Text }>> = {
  admin: { name: "amministratore", label: { it: "Amministratore", en: "Administrator" } },
  analyst: { name: "analista", label: { it: "Analista", en: "Analyst" } },
  operator: { name: "operatore", label: { it: "Operatore", en: "Operator" } },
  giunta: { name: "giunta", label: { it: "Giunta (sola lettura dei rapporti)", en: "Council (reports only)" } },
};

/** How a response reached us: the web form, the town-hall kiosk, a paper form typed in, a file import. */
export const CHANNELS = ["web", "kiosk", "paper", "import"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Readonly<Record<Channel, Text>> = {
  web: { it: "Compilato online", en: "Filled in online" },
  kiosk: { it: "Postazione in municipio (kiosk)", en: "Town-hall kiosk" },
  paper: { it: "Questionario cartaceo trascritto", en: "Paper questionnaire typed in" },
  import: { it: "Importato da file", en: "Imported from a file" },
};

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

/** The Italian labels of the channels, for the staff's pages and the report. */
export function channelLabelsIt(): Record<Channel, string> {
  return Object.fromEntries(CHANNELS.map((c) => [c, CHANNEL_LABELS[c].it])) as Record<Channel, string>;
}

/**
 * What a read-only API token may read: the aggregates (report and open data) or the responses one
 * by one too (their labels are in src/admin/api-tokens.service.ts).
 */
export const API_SCOPES = ["aggregates", "microdata"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The analysis role of a question: what its answers tell the report (src/surveys/schema.ts lists them). */
export type AnalysisRole = (typeof ANALYSIS_ROLES)[number];

/** What each analysis role tells the report. */
export const ANALYSIS_ROLE_TEXTS: Readonly<Record<AnalysisRole, Text>> = {
  weighting: { it: "Variabile di ponderazione (età, sesso, quartiere…)", en: "Weighting variable (age, sex, area…)" },
  services_used: { it: "Servizi usati negli ultimi 12 mesi", en: "Services used in the last 12 months" },
  frequency: { it: "Frequenza d'uso di un servizio", en: "How often a service is used" },
  offices: { it: "Uffici contattati per un servizio", en: "Offices contacted for a service" },
  repeat_visits: { it: "Ritorni allo sportello", en: "Returns to the desk" },
  time_lost: { it: "Tempo perso", en: "Time lost" },
  satisfaction: { it: "Soddisfazione per un servizio", en: "Satisfaction with a service" },
  importance: {
    it: "Importanza di avere il servizio allo sportello",
    en: "Importance of having the service at the desk",
  },
  preference: { it: "Classifica dei servizi preferiti", en: "Ranking of the preferred services" },
  desk_features: { it: "Caratteristiche desiderate dello sportello", en: "Desired features of the desk" },
  time_slots: { it: "Fasce orarie preferite", en: "Preferred opening hours" },
  channel: { it: "Canale preferito", en: "Preferred channel" },
  overall_satisfaction: { it: "Soddisfazione complessiva", en: "Overall satisfaction" },
  staff_area: { it: "Personale: area di lavoro", en: "Staff: area of work" },
  staff_role: { it: "Personale: ruolo", en: "Staff: role" },
  staff_contacts: { it: "Personale: contatti settimanali", en: "Staff: contacts a week" },
  staff_incomplete: { it: "Personale: richieste incomplete", en: "Staff: incomplete requests" },
  staff_severity: {
    it: "Personale: gravità dei problemi allo sportello",
    en: "Staff: seriousness of the problems at the desk",
  },
  feasibility: {
    it: "Personale: che cosa può fare un operatore generalista",
    en: "Staff: what a generalist operator can do",
  },
  constraints: { it: "Personale: vincoli del servizio", en: "Staff: constraints of the service" },
  staff_time: { it: "Personale: tempo per contatto", en: "Staff: time per contact" },
  staff_problems: { it: "Personale: problemi principali", en: "Staff: main problems" },
  staff_risks: { it: "Personale: rischi del progetto", en: "Staff: risks of the project" },
  staff_willingness: {
    it: "Personale: disponibilità a lavorare allo sportello",
    en: "Staff: willingness to work at the desk",
  },
  training: { it: "Personale: bisogni di formazione", en: "Staff: training needs" },
  open_text: { it: "Testo libero", en: "Free text" },
  segment: { it: "Segmento per le analisi", en: "Segment for the analyses" },
};

/** A census dimension of a weighting question (`analysis.dimension`). */
export type Dimension = (typeof DIMENSIONS)[number];

/** How the report names each census dimension (its filters, its tables of the sample). */
export const DIMENSION_TEXTS: Readonly<Record<Dimension, Text>> = {
  area: { it: "Quartiere", en: "Area" },
  age: { it: "Fascia d'età", en: "Age band" },
  sex: { it: "Sesso", en: "Sex" },
};
