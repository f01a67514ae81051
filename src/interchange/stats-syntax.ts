import type { Variable } from "./variables.js";

/** The data file the SPSS, Stata and R files read, beside them in the same folder. */
export const DATA_FILE = "dati.csv";

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const spssQuote = (text: string, max: number): string =>
  `"${clip(text.replace(/\s+/g, " "), max).replace(/"/g, '""')}"`;
/** Stata's compound quotes hold any text but a `"'` sequence, which can't occur once `'` after `"` is split. */
const stataQuote = (text: string, max: number): string =>
  `\`"${clip(text.replace(/\s+/g, " "), max).replace(/"'/g, "\" '")}"'`;
const rQuote = (text: string): string => JSON.stringify(text.replace(/\s+/g, " "));

/** Widest text of each string variable in bytes (SPSS and Stata count bytes), at least 1. */
export function stringWidths(variables: Variable[], rows: (string | number | null)[][]): number[] {
  return variables.map((v, i) =>
    v.storage === "string" ? Math.max(1, ...rows.map((r) => Buffer.byteLength(String(r[i] ?? ""), "utf8"))) : 0,
  );
}

function spssFormat(v: Variable, width: number): string {
  if (v.storage === "string") return `A${Math.min(width, 32767)}`;
  if (v.source.kind === "weight") return "F20.12";
  if (v.source.kind === "number") return "F18.6";
  return "F8.0";
}

/** SPSS syntax: reads the data file, then variable labels, value labels, missing values and levels. */
export function spssSyntax(variables: Variable[], widths: number[], title: string): string {
  const lines = [
    "* Encoding: UTF-8.",
    `* ${clip(title, 200)}: sintassi generata da Sportello. Apra questo file in SPSS dalla cartella che contiene ${DATA_FILE} ed esegua tutto.`,
    `GET DATA /TYPE=TXT /FILE='${DATA_FILE}' /ENCODING='UTF8' /DELCASE=LINE /DELIMITERS="," /QUALIFIER='"' /ARRANGEMENT=DELIMITED /FIRSTCASE=2`,
    "  /VARIABLES=",
    ...variables.map((v, i) => `  ${v.name} ${spssFormat(v, widths[i])}`),
    ".",
    "VARIABLE LABELS",
    `  ${variables.map((v) => `${v.name} ${spssQuote(v.label.it, 250)}`).join("\n  /")}.`,
  ];
  const labelled = variables.filter((v) => v.values.length);
  if (labelled.length) {
    lines.push("VALUE LABELS");
    lines.push(
      `  ${labelled.map((v) => `${v.name}\n${v.values.map((x) => `    ${x.code} ${spssQuote(x.label.it, 120)}`).join("\n")}`).join("\n  /")}.`,
    );
  }
  for (const v of variables.filter((x) => x.missing.length))
    lines.push(`MISSING VALUES ${v.name} (${v.missing.map((m) => m.code).join(", ")}).`);
  for (const level of ["nominal", "ordinal", "scale"] as const) {
    const names = variables.filter((v) => v.level === level && v.storage === "numeric").map((v) => v.name);
    if (names.length) lines.push(`VARIABLE LEVEL ${names.join(" ")} (${level.toUpperCase()}).`);
  }
  const strings = variables.filter((v) => v.storage === "string").map((v) => v.name);
  if (strings.length) lines.push(`VARIABLE LEVEL ${strings.join(" ")} (NOMINAL).`);
  if (variables.some((v) => v.source.kind === "weight")) {
    lines.push(
      "* peso: i pesi del rapporto (raking ai margini di censimento). WEIGHT BY li usa come pesi di frequenza;",
      "* per gli errori standard del disegno usi il modulo Complex Samples.",
    );
  }
  lines.push("EXECUTE.", "");
  return lines.join("\n");
}

/** A Stata do-file: imports the data file, labels variables, defines and attaches value labels. */
export function stataDo(variables: Variable[], title: string): string {
  const index = (pred: (v: Variable) => boolean): string =>
    variables
      .map((v, i) => (pred(v) ? i + 1 : 0))
      .filter(Boolean)
      .join(" ");
  const strings = index((v) => v.storage === "string");
  const numbers = index((v) => v.storage === "numeric");
  const lines = [
    `* ${clip(title, 200)}: do-file generato da Sportello. Lo esegua dalla cartella che contiene ${DATA_FILE}.`,
    `import delimited using "${DATA_FILE}", varnames(1) encoding("utf-8") delimiters(",") bindquote(strict) asdouble${strings ? ` stringcols(${strings})` : ""}${numbers ? ` numericcols(${numbers})` : ""} clear`,
  ];
  for (const v of variables) lines.push(`label variable ${v.name} ${stataQuote(v.label.it, 80)}`);
  for (const v of variables.filter((x) => x.values.length)) {
    for (const m of v.missing) lines.push(`replace ${v.name} = .a if ${v.name} == ${m.code}`);
    const pairs = v.values.map(
      (x) => `${v.missing.some((m) => m.code === x.code) ? ".a" : x.code} ${stataQuote(x.label.it, 32000)}`,
    );
    lines.push(`label define ${v.name} ${pairs.join(" ")}, replace`);
    lines.push(`label values ${v.name} ${v.name}`);
  }
  if (variables.some((v) => v.source.kind === "weight"))
    lines.push("* peso: i pesi del rapporto (raking ai margini di censimento)", "svyset [pweight=peso]");
  lines.push("");
  return lines.join("\n");
}

/**
 * An R script: reads the data file with the right column types, makes factors of coded variables
 * with their labels, sets «non so» to NA, keeps labels as attributes, and (with weights) builds
 * the survey design with the report's raked weights.
 */
export function rScript(variables: Variable[], title: string): string {
  const classes = variables
    .map((v) => `${v.name} = "${v.storage === "string" ? "character" : "numeric"}"`)
    .join(",\n  ");
  const lines = [
    `# ${title.replace(/\s+/g, " ")}: script generato da Sportello.`,
    `# Lo esegua dalla cartella che contiene ${DATA_FILE} (ad esempio con setwd()).`,
    `dati <- read.csv("${DATA_FILE}", fileEncoding = "UTF-8", na.strings = "", check.names = FALSE, colClasses = c(`,
    `  ${classes}`,
    "))",
  ];
  for (const v of variables) {
    for (const m of v.missing) lines.push(`dati$${v.name}[dati$${v.name} %in% ${m.code}] <- NA  # ${m.label.it}`);
    const valid = v.values.filter((x) => !v.missing.some((m) => m.code === x.code));
    if (valid.length && v.level === "nominal" && v.source.kind !== "choice" && v.source.kind !== "fixed") {
      lines.push(
        `dati$${v.name} <- factor(dati$${v.name}, levels = c(${valid.map((x) => x.code).join(", ")}), labels = c(${valid.map((x) => rQuote(x.label.it)).join(", ")}))`,
      );
    } else if (v.source.kind === "fixed" && valid.length && v.name !== "synthetic") {
      lines.push(
        `dati$${v.name} <- factor(dati$${v.name}, levels = c(${valid.map((x) => x.code).join(", ")}), labels = c(${valid.map((x) => rQuote(x.label.it)).join(", ")}))`,
      );
    } else if (valid.length) {
      lines.push(
        `attr(dati$${v.name}, "labels") <- setNames(c(${valid.map((x) => x.code).join(", ")}), c(${valid.map((x) => rQuote(x.label.it)).join(", ")}))`,
      );
    }
    lines.push(`attr(dati$${v.name}, "label") <- ${rQuote(v.label.it)}`);
  }
  if (variables.some((v) => v.source.kind === "weight")) {
    lines.push(
      "# I pesi del rapporto (raking ai margini di censimento): chi il rapporto non usa ha peso vuoto.",
      'if (requireNamespace("survey", quietly = TRUE)) {',
      "  disegno <- survey::svydesign(ids = ~1, weights = ~peso, data = dati[!is.na(dati$peso), ])",
      "  # ad esempio: survey::svymean(~nome_variabile, disegno, na.rm = TRUE)",
      "}",
    );
  }
  lines.push("");
  return lines.join("\n");
}
