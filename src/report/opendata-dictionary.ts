import type { Report } from "./contract.js";
import { OPEN_DATA_LICENCE, round, toCsv } from "./opendata.js";

/** The data dictionary of the open-data CSV, with the notes a reuser must read as rows. */
export function openDataDictionaryRows(report: Report): string[][] {
  const yes = (b: boolean) => (b ? "sì" : "no");
  return [
    ["column", "meaning", "unit"],
    [
      "section",
      "Parte del rapporto: domanda (risposte per categoria), media (domande a punteggio), graduatoria (servizi candidati allo sportello), esclusi_fattibilita (servizi esclusi perché richiedono uno specialista), best_worst (importanza dalla domanda «più e meno importante»)",
      "testo",
    ],
    ["item", "Codice della domanda (per le matrici domanda/riga) o del servizio", "codice"],
    ["item_label", "Testo della domanda o nome del servizio", "testo"],
    ["category", "Codice della risposta, della statistica o del criterio", "codice"],
    ["category_label", "Descrizione della risposta, della statistica o del criterio", "testo"],
    [
      "count",
      "Rispondenti su cui poggia il valore (per la graduatoria: cittadini che hanno usato il servizio; per best_worst: cittadini a cui il servizio è stato proposto); vuoto se nascosto",
      "persone",
    ],
    [
      "estimate",
      "Stima ponderata: quota tra 0 e 1 per le categorie, media per le domande a punteggio, valore del criterio o posizione per la graduatoria; vuoto se nascosto",
      "quota 0–1, punti della scala o posizione",
    ],
    [
      "low",
      "Estremo inferiore dell'intervallo al 95 % (Wilson per le quote, t per le medie, bootstrap per le posizioni)",
      "come estimate",
    ],
    ["high", "Estremo superiore dell'intervallo al 95 %", "come estimate"],
    [
      "suppressed",
      "1 se un valore della riga non è pubblicato (cella vuota): il conteggio, dopo la perturbazione, è tra 1 e 4, oppure il valore si calcola da un conteggio non pubblicato",
      "1 = non pubblicato, 0 = pubblicato",
    ],
    ["(licenza)", OPEN_DATA_LICENCE, ""],
    ["(questionario)", `${report.survey.id} versione ${report.survey.version}: ${report.survey.title.it}`, ""],
    ["(generato_il)", report.generatedAt, "data e ora UTC"],
    ["(risposte)", `${report.responses.used} risposte di cittadini usate`, "risposte"],
    [
      "(protezione)",
      "Conteggi perturbati con il metodo della chiave di cella (ABS, ONS): ogni conteggio è spostato di poche unità (al massimo 5), lo zero resta zero; i conteggi perturbati tra 1 e 4 non sono pubblicati; quote e medie derivano dai conteggi perturbati; i totali non sono la somma esatta delle parti. Politica: docs/disclosure-policy.md del software Sportello",
      "persone",
    ],
    [
      "(dati_simulati)",
      `${yes(report.synthetic)}${report.synthetic ? ": i dati sono simulati e non descrivono risposte reali" : ""}`,
      "sì/no",
    ],
    [
      "(margini_illustrativi)",
      report.margins
        ? `${yes(report.margins.illustrative)}${report.margins.illustrative ? ": i margini di censimento sono illustrativi, non dati verificati" : ""} (${report.margins.file}; fonte: ${report.margins.source || "non indicata"})`
        : "nessun margine: stime non ponderate",
      "sì/no",
    ],
    [
      "(ponderazione)",
      report.weighting.method === "raking"
        ? `raking ai margini di censimento; effetto del disegno ${round(report.weighting.deff)}`
        : "nessuna ponderazione",
      "",
    ],
  ];
}

/** The data dictionary as the CSV published beside the data. */
export function openDataDictionaryCsv(report: Report): string {
  return toCsv(openDataDictionaryRows(report));
}
