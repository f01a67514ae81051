export type Lang = "it" | "en";
export const LANGS: readonly Lang[] = ["it", "en"];

export function asLang(value: unknown): Lang {
  return value === "en" ? "en" : "it";
}

/** Validation messages, written to tell the respondent what to do, not what went wrong. */
const MESSAGES = {
  required: { it: "Risponda a questa domanda.", en: "Please answer this question." },
  requiredRow: { it: "Risponda per ogni riga.", en: "Please answer for every row." },
  invalidChoice: { it: "Scelga una delle risposte proposte.", en: "Please choose one of the answers offered." },
  otherMissing: { it: "Indichi che cosa intende con «Altro».", en: "Please say what you mean by «Other»." },
  tooFew: { it: "Scelga almeno {n} risposte.", en: "Please choose at least {n} answers." },
  tooMany: { it: "Scelga al massimo {n} risposte.", en: "Please choose at most {n} answers." },
  exclusive: {
    it: "«{label}» non si può scegliere insieme ad altre risposte.",
    en: "«{label}» cannot be chosen together with other answers.",
  },
  rankDuplicate: {
    it: "Ogni voce può comparire una sola volta nella classifica.",
    en: "Each item can appear only once in the ranking.",
  },
  rankGap: {
    it: "Compili le posizioni in ordine, a partire dalla prima.",
    en: "Please fill in the positions in order, starting from the first.",
  },
  rankTooFew: { it: "Indichi almeno {n} voci in ordine di preferenza.", en: "Please rank at least {n} items." },
  notNumber: { it: "Scriva un numero, ad esempio 12 o 3,5.", en: "Please enter a number, for example 12 or 3.5." },
  notInteger: { it: "Scriva un numero intero, senza decimali.", en: "Please enter a whole number." },
  numberMin: { it: "Il numero deve essere almeno {n}.", en: "The number must be at least {n}." },
  numberMax: { it: "Il numero deve essere al massimo {n}.", en: "The number must be at most {n}." },
  notDate: {
    it: "Scriva una data valida, ad esempio 31/03/2025.",
    en: "Please enter a valid date, for example 31/03/2025.",
  },
  dateMin: { it: "La data non può essere precedente al {d}.", en: "The date cannot be before {d}." },
  dateMax: { it: "La data non può essere successiva al {d}.", en: "The date cannot be after {d}." },
  tooLong: {
    it: "Il testo è troppo lungo: al massimo {n} caratteri.",
    en: "The text is too long: at most {n} characters.",
  },
  maxdiffBoth: {
    it: "Indichi in ogni gruppo la voce più importante e quella meno importante.",
    en: "In each group, please choose the most and the least important item.",
  },
  maxdiffBest: {
    it: "Indichi anche la voce più importante di questo gruppo.",
    en: "Please also choose the most important item of this group.",
  },
  maxdiffWorst: {
    it: "Indichi anche la voce meno importante di questo gruppo.",
    en: "Please also choose the least important item of this group.",
  },
  maxdiffSame: {
    it: "La voce più importante e quella meno importante devono essere diverse.",
    en: "The most and the least important items must be different.",
  },
  maxdiffVersion: {
    it: "Ricarichi la pagina e risponda di nuovo: i gruppi di servizi non sono stati riconosciuti.",
    en: "Please reload the page and answer again: the groups of services were not recognised.",
  },
  outOfScale: { it: "Scelga un valore da {min} a {max}.", en: "Please choose a value from {min} to {max}." },
} as const;
export type MessageKey = keyof typeof MESSAGES;

export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}
