import type { Lang } from "../surveys/messages.js";
import type { Draw } from "./draw.js";

/** Free-text answers for the synthetic respondents: short, plain, in the respondent's language. */
const FRAGMENTED: Record<Lang, string[]> = {
  it: [
    "Per {s} ho dovuto passare da tre uffici diversi e ogni volta mi chiedevano un documento in più.",
    "Per {s} nessuno sapeva dirmi a chi rivolgermi: sono tornato due volte.",
    "{s}: ho perso una mattina di lavoro tra attese e uffici chiusi.",
    "Per {s} mi hanno mandato dal protocollo all'ufficio e poi di nuovo al protocollo.",
  ],
  en: [
    "For {s} I had to go to three different offices and each one asked for another document.",
    "For {s} nobody could tell me which office to go to, so I had to come back twice.",
    "{s}: I lost a morning off work between queues and closed offices.",
  ],
};

const GENERAL: Record<Lang, string[]> = {
  it: [
    "Orari di apertura troppo corti per chi lavora.",
    "Sarebbe utile poter prenotare un appuntamento online.",
    "Il personale è gentile ma bisogna tornare troppe volte.",
    "Un unico sportello per tutto sarebbe un grande miglioramento.",
    "Servirebbe più aiuto per usare SPID, soprattutto per gli anziani.",
    "Tutto bene, tempi rapidi.",
  ],
  en: [
    "Opening hours are too short for people who work.",
    "It would help to book an appointment online.",
    "It was hard to understand the forms in Italian; someone who speaks English would help.",
    "One desk for everything would be a big improvement.",
  ],
};

export function citizenComment(draw: Draw, lang: Lang, fragmentedService: string | null): string {
  if (fragmentedService && draw.chance(0.6)) return draw.pick(FRAGMENTED[lang]).replace("{s}", fragmentedService);
  return draw.pick(GENERAL[lang]);
}

const EXCLUDED_REASONS = [
  "Richiede valutazioni tecniche che solo l'ufficio può fare.",
  "Servono l'accesso a banche dati riservate e la qualifica di ufficiale.",
  "Ogni caso è diverso e va seguito da chi conosce la pratica dall'inizio.",
  "Il colloquio richiede riservatezza e competenze specifiche.",
];

export function staffReason(draw: Draw): string {
  return draw.pick(EXCLUDED_REASONS);
}
