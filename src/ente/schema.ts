import { z } from "zod";

const MAX = 300;
const optionalText = z
  .string()
  .trim()
  .max(MAX, { error: `Al massimo ${MAX} caratteri.` })
  .default("");
const email = (what: string) =>
  z
    .string()
    .trim()
    .max(MAX)
    .default("")
    .refine((v) => v === "" || /^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i.test(v), {
      error: `Indichi ${what} valido, ad esempio nome@comune.esempio.it.`,
    });
const url = (what: string) =>
  z
    .string()
    .trim()
    .max(MAX)
    .default("")
    .refine((v) => v === "" || /^https:\/\/[^\s<>"]+\.[^\s<>"]+$/i.test(v), {
      error: `Indichi ${what} completo, che inizi con https://.`,
    });

/** What an administrator sets on the «Ente» page (and what config/ente.json holds). */
export const enteSchema = z.object({
  name: optionalText,
  ipaCode: z
    .string()
    .trim()
    .max(20)
    .default("")
    .refine((v) => v === "" || /^[a-z0-9_]{2,20}$/i.test(v), {
      error: "Il codice IPA è fatto di lettere, cifre e trattini bassi (ad esempio c_e591).",
    }),
  address: optionalText,
  pec: email("un indirizzo PEC"),
  urpPhone: z
    .string()
    .trim()
    .max(40)
    .default("")
    .refine((v) => v === "" || /^[+0-9 ./()-]{5,40}$/.test(v), {
      error: "Indichi un numero di telefono con sole cifre, spazi e i segni + . / -.",
    }),
  urpEmail: email("un indirizzo e-mail"),
  dpoName: optionalText,
  dpoEmail: email("un indirizzo e-mail"),
  siteUrl: url("l'indirizzo del sito"),
  privacyPolicyUrl: url("l'indirizzo della pagina"),
  legalNotesUrl: url("l'indirizzo della pagina"),
  accessibilityUrl: url("l'indirizzo della dichiarazione"),
  hosting: optionalText,
  retentionMonths: z.coerce
    .number({ error: "Indichi un numero di mesi." })
    .int({ error: "Indichi un numero intero di mesi." })
    .min(1, { error: "Almeno 1 mese." })
    .max(120, { error: "Al massimo 120 mesi." })
    .default(24),
  surveyOffice: optionalText,
});

export type EnteFields = z.infer<typeof enteSchema>;

export interface Ente extends EnteFields {
  /** Still the shipped example values (config/ente.json), not confirmed by an administrator. */
  example: boolean;
  /** The MIME type of the uploaded stemma, or null when there is none. */
  stemmaType: string | null;
  /** Changes whenever the stemma may have changed: the pages link `/ente/stemma?v=<this>`. */
  stemmaVersion: string | null;
}

export type EnteField = keyof EnteFields;

/** Labels of the «Ente» page, in its order. */
export const ENTE_LABELS: Record<EnteField, string> = {
  name: "Nome dell'ente",
  ipaCode: "Codice IPA",
  address: "Indirizzo della sede",
  pec: "PEC",
  urpPhone: "Telefono dell'URP",
  urpEmail: "E-mail dell'URP",
  dpoName: "Responsabile della protezione dei dati (RPD)",
  dpoEmail: "E-mail dell'RPD",
  siteUrl: "Sito istituzionale",
  privacyPolicyUrl: "Pagina dell'informativa privacy del sito",
  legalNotesUrl: "Pagina delle note legali del sito",
  accessibilityUrl: "Dichiarazione di accessibilità (AgID)",
  hosting: "Chi gestisce il server",
  retentionMonths: "Conservazione delle risposte (mesi dalla chiusura)",
  surveyOffice: "Ufficio che coordina le indagini (con recapiti)",
};

/** Without these the privacy notice and the footer can't say who is responsible and how to reach them. */
export const REQUIRED_FIELDS: readonly EnteField[] = [
  "name",
  "address",
  "pec",
  "urpPhone",
  "urpEmail",
  "dpoEmail",
  "accessibilityUrl",
  "privacyPolicyUrl",
];

/**
 * The names survey texts use for the ente's values: "{{pec}}" in a privacy notice becomes the PEC.
 * Italian names, because the authors of survey definitions write Italian.
 */
export const TEMPLATE_FIELDS: Record<string, EnteField> = {
  nome: "name",
  codice_ipa: "ipaCode",
  indirizzo: "address",
  pec: "pec",
  urp_telefono: "urpPhone",
  urp_email: "urpEmail",
  rpd_nome: "dpoName",
  rpd_email: "dpoEmail",
  sito: "siteUrl",
  privacy_url: "privacyPolicyUrl",
  note_legali_url: "legalNotesUrl",
  accessibilita_url: "accessibilityUrl",
  gestore_server: "hosting",
  conservazione_mesi: "retentionMonths",
  ufficio_indagine: "surveyOffice",
};
