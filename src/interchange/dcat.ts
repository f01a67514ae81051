import { MIN_CELL } from "../analysis/suppression.js";
import type { Report } from "../report/contract.js";
import { OPEN_DATA_COLUMNS, openDataRows, type OpenDataLabels } from "../report/opendata.js";
import type { Publisher } from "./publisher.js";

/**
 * The open data of a published report, as a portal harvests it: the aggregates as JSON and their
 * DCAT-AP_IT description (JSON-LD). Every number comes from the report as published (its
 * disclosure-protected figures), never from the responses.
 */

export const CC_BY = "https://creativecommons.org/licenses/by/4.0/";
const EU = "http://publications.europa.eu/resource/authority";

export interface DatasetInfo {
  /** The public origin, e.g. https://questionari.comune.example.it (no trailing slash). */
  origin: string;
  publisher: Publisher;
  report: Report;
  publishedAt: string;
}

export const datasetUrl = (origin: string, surveyId: string): string => `${origin}/opendata/${surveyId}`;

/** The aggregates as JSON: one object per row of the open-data CSV, with the dataset's metadata. */
export function aggregatesJson(info: DatasetInfo, labels: OpenDataLabels): object {
  const rows = openDataRows(info.report, labels).map((r) =>
    Object.fromEntries(OPEN_DATA_COLUMNS.map((c, i) => [c, c === "suppressed" ? r[i] === true : r[i]])),
  );
  return {
    dataset: datasetUrl(info.origin, info.report.survey.id),
    title: titleOf(info.report),
    publisher: { name: info.publisher.name, ipa: info.publisher.ipaCode },
    license: CC_BY,
    issued: info.publishedAt,
    generatedAt: info.report.generatedAt,
    synthetic: info.report.synthetic,
    note: `Valori nascosti: null con suppressed = true. Nessun valore poggia su meno di ${MIN_CELL} persone.`,
    columns: OPEN_DATA_COLUMNS,
    rows,
  };
}

const titleOf = (report: Report): string => `${report.survey.title.it}: risultati aggregati`;
const day = (iso: string): { "@value": string; "@type": string } => ({
  "@value": iso.slice(0, 10),
  "@type": "xsd:date",
});

const CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  dcatapit: "http://dati.gov.it/onto/dcatapit#",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
};

function datasetNodes(info: DatasetInfo): object[] {
  const { report, origin, publisher } = info;
  const base = datasetUrl(origin, report.survey.id);
  const agent = `${origin}/opendata#ente`;
  const files: [string, string, string, string][] = [
    ["aggregati.csv", "CSV", "text/csv", "Risultati aggregati (CSV)"],
    ["aggregati.json", "JSON", "application/json", "Risultati aggregati (JSON)"],
    ["dizionario.csv", "CSV", "text/csv", "Dizionario dei dati (CSV)"],
    ["datapackage.json", "JSON", "application/json", "Frictionless Data Package"],
  ];
  const description = [
    `Risultati aggregati e ponderati del questionario «${report.survey.title.it}» (versione ${report.survey.version}) del ${publisher.name}:`,
    "quote per risposta con intervalli al 95 %, medie, graduatoria dei servizi candidati allo sportello polifunzionale.",
    `Nessun valore poggia su meno di ${MIN_CELL} persone; i valori nascosti sono vuoti.`,
    report.synthetic ? "ATTENZIONE: dati simulati, non risposte reali." : "",
  ]
    .filter(Boolean)
    .join(" ");
  return [
    {
      "@id": base,
      "@type": ["dcat:Dataset", "dcatapit:Dataset"],
      "dct:identifier": `${publisher.ipaCode}:${report.survey.id}`,
      "dct:title": { "@value": titleOf(report), "@language": "it" },
      "dct:description": { "@value": description, "@language": "it" },
      "dct:publisher": { "@id": agent },
      "dct:rightsHolder": { "@id": agent },
      "dct:issued": day(info.publishedAt),
      "dct:modified": day(report.generatedAt),
      "dcat:theme": { "@id": `${EU}/data-theme/GOVE` },
      "dct:accrualPeriodicity": { "@id": `${EU}/frequency/IRREG` },
      "dct:language": { "@id": `${EU}/language/ITA` },
      "dcat:keyword": ["sportello polifunzionale", "indagine", "servizi comunali", "questionario"],
      "dcat:contactPoint": { "@id": `${origin}/opendata#contatto` },
      "dcat:landingPage": { "@id": `${base}/dcat.jsonld` },
      "dcat:distribution": files.map(([file]) => ({ "@id": `${base}/${file}` })),
    },
    ...files.map(([file, format, media, title]) => ({
      "@id": `${base}/${file}`,
      "@type": ["dcat:Distribution", "dcatapit:Distribution"],
      "dct:title": { "@value": title, "@language": "it" },
      "dcat:accessURL": { "@id": `${base}/${file}` },
      "dcat:downloadURL": { "@id": `${base}/${file}` },
      "dct:format": { "@id": `${EU}/file-type/${format}` },
      "dcat:mediaType": media,
      "dct:license": { "@id": CC_BY },
      "dct:issued": day(info.publishedAt),
    })),
  ];
}

function commonNodes(origin: string, publisher: Publisher): object[] {
  return [
    {
      "@id": `${origin}/opendata#ente`,
      "@type": ["foaf:Agent", "dcatapit:Agent"],
      "foaf:name": publisher.name,
      "dct:identifier": publisher.ipaCode,
    },
    {
      "@id": `${origin}/opendata#contatto`,
      "@type": ["vcard:Organization", "dcatapit:Organization"],
      "vcard:fn": `${publisher.name}: Ufficio Relazioni con il Pubblico`,
      "vcard:hasURL": { "@id": publisher.siteUrl || `${origin}/` },
      ...(publisher.email ? { "vcard:hasEmail": { "@id": `mailto:${publisher.email}` } } : {}),
    },
    {
      "@id": CC_BY,
      "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
      "dct:type": { "@id": "http://purl.org/adms/licencetype/Attribution" },
      "foaf:name": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
      "owl:versionInfo": "4.0",
    },
  ];
}

/** The DCAT-AP_IT catalogue (JSON-LD) of the given published datasets: what a portal harvests. */
export function dcatCatalogue(origin: string, publisher: Publisher, datasets: DatasetInfo[]): object {
  const modified =
    datasets
      .map((d) => d.publishedAt)
      .sort()
      .at(-1) ?? new Date(0).toISOString();
  return {
    "@context": CONTEXT,
    "@graph": [
      {
        "@id": `${origin}/opendata/catalogo.jsonld`,
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": { "@value": `Dati aperti delle indagini del ${publisher.name}`, "@language": "it" },
        "dct:description": {
          "@value":
            "Risultati aggregati delle indagini sullo sportello polifunzionale, pubblicati dopo l'approvazione della giunta.",
          "@language": "it",
        },
        "dct:publisher": { "@id": `${origin}/opendata#ente` },
        "dct:modified": day(modified),
        "dct:language": { "@id": `${EU}/language/ITA` },
        "foaf:homepage": { "@id": publisher.siteUrl || `${origin}/` },
        "dcat:dataset": datasets.map((d) => ({ "@id": datasetUrl(origin, d.report.survey.id) })),
      },
      ...commonNodes(origin, publisher),
      ...datasets.flatMap(datasetNodes),
    ],
  };
}

/** One dataset's DCAT-AP_IT description (JSON-LD). */
export function dcatDataset(info: DatasetInfo): object {
  return { "@context": CONTEXT, "@graph": [...datasetNodes(info), ...commonNodes(info.origin, info.publisher)] };
}

/** A Frictionless Data Package for the open-data aggregates and their dictionary. */
export function aggregatesPackage(info: DatasetInfo): object {
  const string = (name: string, title: string) => ({ name, type: "string", title });
  const number = (name: string, title: string) => ({ name, type: "number", title });
  return {
    profile: "tabular-data-package",
    name: `${info.report.survey.id.replace(/_/g, "-")}-aggregati`,
    title: titleOf(info.report),
    created: info.publishedAt,
    licenses: [{ name: "CC-BY-4.0", path: CC_BY, title: "Creative Commons Attribution 4.0" }],
    contributors: [{ title: info.publisher.name, role: "publisher" }],
    resources: [
      {
        name: "aggregati",
        path: "aggregati.csv",
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        schema: {
          missingValues: [""],
          fields: [
            string("section", "Parte del rapporto"),
            string("item", "Codice della domanda o del servizio"),
            string("item_label", "Testo della domanda o nome del servizio"),
            string("category", "Codice della risposta o della statistica"),
            string("category_label", "Descrizione"),
            { name: "count", type: "integer", title: "Persone su cui poggia il valore" },
            number("estimate", "Stima ponderata"),
            number("low", "Estremo inferiore (95 %)"),
            number("high", "Estremo superiore (95 %)"),
            { name: "suppressed", type: "boolean", title: "Valore nascosto", trueValues: ["1"], falseValues: ["0"] },
          ],
        },
      },
      {
        name: "dizionario",
        path: "dizionario.csv",
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
      },
    ],
  };
}
