import type { Lang } from "../../surveys/messages.js";
import type { Text } from "../../surveys/schema.js";

/** Interface texts. Survey texts come from the definitions; these frame them. */
const UI = {
  skipToContent: { it: "Vai al contenuto principale", en: "Skip to main content" },
  switchLanguage: { it: "English", en: "Italiano" },
  switchLanguageLabel: { it: "Read this page in English", en: "Leggi questa pagina in italiano" },
  openSurveys: { it: "Questionari aperti", en: "Open questionnaires" },
  openSurveysIntro: {
    it: "Il Comune sta riorganizzando i propri sportelli. Le sue risposte ci aiutano a decidere quali servizi offrire in un unico punto di accesso.",
    en: "The comune is reorganising its front desks. Your answers help us decide which services to offer at a single access point.",
  },
  noOpenSurveys: {
    it: "Al momento non ci sono questionari aperti.",
    en: "There are no open questionnaires at the moment.",
  },
  minutes: { it: "Tempo stimato: circa {n} minuti.", en: "Estimated time: about {n} minutes." },
  privacyTitle: { it: "Informativa sul trattamento dei dati personali", en: "Privacy notice" },
  start: { it: "Inizia il questionario", en: "Start the questionnaire" },
  accessCode: { it: "Codice di accesso", en: "Access code" },
  accessCodeHelp: {
    it: "È il codice di 10 caratteri che ha ricevuto, ad esempio 7K3QD-X9M2B.",
    en: "The 10-character code you received, for example 7K3QD-X9M2B.",
  },
  accessCodeInvalid: {
    it: "Il codice non è valido oppure è già stato usato. Controlli di averlo scritto correttamente.",
    en: "The code is not valid or has already been used. Please check you typed it correctly.",
  },
  accessCodeRefusedTitle: { it: "Codice di accesso non più valido", en: "Access code no longer valid" },
  accessCodeUsedAtSubmit: {
    it: "Il codice di accesso è stato usato nel frattempo per un altro questionario: le risposte non sono state registrate.",
    en: "The access code was used meanwhile for another questionnaire: your answers were not recorded.",
  },
  resumeTitle: { it: "Riprendi un questionario salvato", en: "Resume a saved questionnaire" },
  resumeCode: { it: "Codice di ripresa", en: "Resume code" },
  resumeCodeHelp: {
    it: "È il codice che le abbiamo mostrato quando ha salvato, ad esempio AB12C-D34EF.",
    en: "The code we showed you when you saved, for example AB12C-D34EF.",
  },
  resume: { it: "Riprendi", en: "Resume" },
  resumeNotFound: {
    it: "Non troviamo un questionario salvato con questo codice. Controlli di averlo scritto correttamente.",
    en: "We cannot find a saved questionnaire with this code. Please check you typed it correctly.",
  },
  step: { it: "Passo {n} di {total}", en: "Step {n} of {total}" },
  steps: { it: "Avanzamento del questionario", en: "Questionnaire progress" },
  summaryStep: { it: "Riepilogo", en: "Summary" },
  next: { it: "Avanti", en: "Next" },
  back: { it: "Indietro", en: "Back" },
  save: { it: "Salva e continua più tardi", en: "Save and continue later" },
  backToSummary: { it: "Salva e torna al riepilogo", en: "Save and return to the summary" },
  errorSummaryTitle: { it: "Ci sono {n} risposte da correggere", en: "There are {n} answers to correct" },
  errorSummaryTitleOne: { it: "C'è una risposta da correggere", en: "There is one answer to correct" },
  requiredMark: { it: "obbligatoria", en: "required" },
  requiredIfShown: { it: "obbligatoria in quel caso", en: "required in that case" },
  requiredNote: {
    it: "Le domande contrassegnate come obbligatorie richiedono una risposta.",
    en: "Questions marked as required need an answer.",
  },
  optional: { it: "facoltativa", en: "optional" },
  chooseOne: { it: "Scelga una risposta", en: "Choose an answer" },
  otherSpecify: { it: "Altro (specificare)", en: "Other (please specify)" },
  otherText: { it: "Specifichi", en: "Please specify" },
  rankPosition: { it: "{n}° posto", en: "Position {n}" },
  maxdiffSet: { it: "Gruppo {n} di {total}", en: "Group {n} of {total}" },
  rankNone: { it: "— nessuna scelta —", en: "— no choice —" },
  charactersMax: { it: "Al massimo {n} caratteri.", en: "At most {n} characters." },
  dateHelp: {
    it: "Se deve scriverla, usi il formato gg/mm/aaaa, ad esempio 31/03/2025.",
    en: "If you have to type it, use dd/mm/yyyy, for example 31/03/2025.",
  },
  stars: { it: "{n} su 5", en: "{n} out of 5" },
  summaryTitle: { it: "Riepilogo delle risposte", en: "Summary of your answers" },
  summaryIntro: {
    it: "Controlli le risposte prima di inviarle. Può modificarle fino all'invio.",
    en: "Please check your answers before sending them. You can change them until you send.",
  },
  edit: { it: "Modifica", en: "Change" },
  editSection: { it: "Modifica «{title}»", en: "Change «{title}»" },
  noAnswer: { it: "Nessuna risposta", en: "No answer" },
  send: { it: "Invia le risposte", en: "Send your answers" },
  sendNote: {
    it: "Dopo l'invio le risposte non si potranno più modificare.",
    en: "Once sent, the answers can no longer be changed.",
  },
  savedTitle: { it: "Le risposte sono state salvate", en: "Your answers have been saved" },
  savedIntro: {
    it: "Può riprendere il questionario fino al {date} in uno di questi due modi.",
    en: "You can resume the questionnaire until {date} in either of these two ways.",
  },
  savedLink: {
    it: "Con questo collegamento (lo conservi o lo aggiunga ai preferiti):",
    en: "With this link (keep it or bookmark it):",
  },
  savedCode: {
    it: "Oppure con questo codice, dalla pagina iniziale del questionario:",
    en: "Or with this code, from the questionnaire's first page:",
  },
  savedPrivacy: {
    it: "Chi conosce il collegamento o il codice può vedere e modificare le risposte: non li condivida.",
    en: "Anyone who has the link or the code can see and change the answers: do not share them.",
  },
  continue: { it: "Continua ora", en: "Continue now" },
  thanksTitle: { it: "Grazie, le risposte sono state inviate", en: "Thank you, your answers have been sent" },
  thanksIntro: {
    it: "Il suo contributo aiuterà il Comune a organizzare lo Sportello Polifunzionale.",
    en: "Your contribution will help the comune organise the one-stop desk.",
  },
  backHome: { it: "Torna ai questionari", en: "Back to the questionnaires" },
  kioskNew: { it: "Nuovo questionario", en: "New questionnaire" },
  kioskDone: {
    it: "Quando ha finito, tocchi «Nuovo questionario»: la pagina tornerà all'inizio per la persona successiva.",
    en: "When you have finished, tap «New questionnaire»: the page will go back to the start for the next person.",
  },
  kioskWarning: {
    it: "Tra {n} secondi la pagina tornerà all'inizio.",
    en: "In {n} seconds the page will go back to the start.",
  },
  kioskCancel: { it: "Annulla e ricomincia", en: "Cancel and start again" },
  kioskIdleWarning: {
    it: "Nessuna attività da qualche minuto: tra {n} secondi il questionario sarà annullato e la pagina tornerà all'inizio.",
    en: "No activity for a few minutes: in {n} seconds the questionnaire will be cancelled and the page will go back to the start.",
  },
  kioskExtend: { it: "Resto su questa pagina", en: "Stay on this page" },
  feedbackTitle: { it: "Quanto è stato facile usare questo servizio?", en: "How easy was it to use this service?" },
  feedbackRate: { it: "Valuta {n} stelle su 5", en: "Rate {n} stars out of 5" },
  feedbackRateOne: { it: "Valuta 1 stella su 5", en: "Rate 1 star out of 5" },
  feedbackNegative: {
    it: "Dove hai incontrato le maggiori difficoltà?",
    en: "Where did you have the most difficulty?",
  },
  feedbackPositive: { it: "Quali sono stati gli aspetti che hai preferito?", en: "What did you like most?" },
  feedbackComment: { it: "Vuoi aggiungere altri dettagli?", en: "Would you like to add any details?" },
  feedbackCommentHelp: {
    it: "Al massimo 200 caratteri. Non inserire dati personali.",
    en: "At most 200 characters. Do not include personal data.",
  },
  feedbackNext: { it: "Avanti", en: "Next" },
  feedbackSend: { it: "Invia il giudizio", en: "Send your rating" },
  feedbackChooseStars: { it: "Scelga un numero di stelle da 1 a 5.", en: "Please choose from 1 to 5 stars." },
  feedbackThanks: { it: "Grazie per il suo giudizio.", en: "Thank you for your rating." },
  kioskDraftIdle: {
    it: "Questo questionario è rimasto aperto senza attività per più di 20 minuti ed è stato chiuso. Può iniziarne uno nuovo dalla pagina iniziale.",
    en: "This questionnaire was left idle for more than 20 minutes and has been closed. You can start a new one from the first page.",
  },
  draftExpired: {
    it: "Il questionario salvato è scaduto e le risposte sono state cancellate. Può ricominciare dall'inizio.",
    en: "The saved questionnaire has expired and its answers were deleted. You can start again.",
  },
  alreadySent: { it: "Questo questionario è già stato inviato.", en: "This questionnaire has already been sent." },
  closedTitle: { it: "Il questionario è chiuso", en: "The questionnaire is closed" },
  closedText: {
    it: "La raccolta delle risposte è terminata. Grazie a chi ha partecipato.",
    en: "The collection of answers has ended. Thank you to everyone who took part.",
  },
  notYetOpenTitle: { it: "Il questionario non è ancora aperto", en: "The questionnaire is not open yet" },
  notYetOpenText: {
    it: "La raccolta delle risposte non è ancora iniziata. Torni nei prossimi giorni.",
    en: "The collection of answers has not started yet. Please come back in the next few days.",
  },
  notFoundTitle: { it: "Pagina non trovata", en: "Page not found" },
  notFoundText: {
    it: "La pagina che cerca non esiste o non è più disponibile.",
    en: "The page you are looking for does not exist or is no longer available.",
  },
  badRequestTitle: { it: "Richiesta non valida", en: "Invalid request" },
  badRequestText: {
    it: "Non è stato possibile leggere i dati inviati. Torni indietro e riprovi.",
    en: "The data sent could not be read. Please go back and try again.",
  },
  tooLargeText: {
    it: "I dati inviati sono troppi. Accorci i testi e riprovi.",
    en: "Too much data was sent. Please shorten the texts and try again.",
  },
  serverErrorTitle: { it: "Si è verificato un errore", en: "Something went wrong" },
  serverErrorText: {
    it: "Non è stato possibile completare l'operazione. Le risposte già salvate non sono andate perse. Riprovi tra qualche minuto.",
    en: "The operation could not be completed. Answers already saved were not lost. Please try again in a few minutes.",
  },
  loginRequiredTitle: { it: "Accesso richiesto", en: "Sign-in required" },
  loginRequiredText: {
    it: "Per continuare acceda con il suo nome utente e la sua password.",
    en: "Please sign in to continue.",
  },
  forbiddenTitle: { it: "Accesso non consentito", en: "Access not allowed" },
  forbiddenText: {
    it: "Il suo ruolo non permette di usare questa pagina. Se pensa che sia un errore, si rivolga a un amministratore.",
    en: "Your role does not allow you to use this page. If you think this is a mistake, please ask an administrator.",
  },
  csrfTitle: { it: "Modulo scaduto", en: "Form expired" },
  csrfText: {
    it: "Per sicurezza il modulo non è stato accettato. Torni indietro, ricarichi la pagina e riprovi.",
    en: "For security the form was not accepted. Please go back, reload the page and try again.",
  },
  tooManyTitle: { it: "Troppi tentativi", en: "Too many attempts" },
  tooManySignInText: {
    it: "Troppi tentativi di accesso non riusciti da questo collegamento. Attenda qualche minuto e riprovi.",
    en: "Too many failed sign-ins from this connection. Please wait a few minutes and try again.",
  },
  tooManyText: {
    it: "Sono stati fatti troppi tentativi in poco tempo. Riprovi tra 15 minuti.",
    en: "Too many attempts in a short time. Please try again in 15 minutes.",
  },
  // hardening: submission limits and the cap on open drafts
  tooManySubmissionsText: {
    it: "Da questo collegamento sono arrivate molte richieste in poco tempo. Attenda qualche minuto e riprovi: le risposte già salvate non sono andate perse.",
    en: "Many requests came from this connection in a short time. Please wait a few minutes and try again: answers already saved were not lost.",
  },
  tooManyDraftsTitle: { it: "Servizio momentaneamente occupato", en: "Service temporarily busy" },
  tooManyDraftsText: {
    it: "In questo momento ci sono troppi questionari iniziati e non ancora inviati. Riprovi più tardi; ci scusiamo per il disagio.",
    en: "Too many questionnaires have been started and not yet sent right now. Please try again later; we apologise for the inconvenience.",
  },
  accessibility: { it: "Dichiarazione di accessibilità", en: "Accessibility statement" },
  privacy: { it: "Privacy", en: "Privacy" },
  footerNote: { it: "Questo sito usa solo cookie tecnici.", en: "This site uses technical cookies only." },
} as const satisfies Record<string, Text>;

export type UiKey = keyof typeof UI;

export function ui(lang: Lang, key: UiKey, params: Record<string, string | number> = {}): string {
  return UI[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}

/** Dates and numbers as an Italian (or English) reader expects them. */
export function formatDate(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleDateString(lang === "it" ? "it-IT" : "en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
}
