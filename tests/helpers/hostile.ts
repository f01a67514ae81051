/**
 * Hostile data for the XSS and CSV-injection tests: the fixture surveys with every text replaced
 * by a payload (followed by the original text), responses whose free texts are payloads, and the
 * checks that say whether a page or a CSV let one through.
 *
 *   const dir = hostileSurveysDir();        // a copy of tests/fixtures/surveys, texts poisoned
 *   const t = createTestApp(dir);
 *   unescapedPayloads(html)                  // [] when every payload was rendered inert
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { FIXTURE_SURVEYS } from "./app.js";

/** Each one sets window.__xss if it ever runs. */
export const XSS_PAYLOADS = [
  "<script>window.__xss=1</script>",
  '"><img src=x onerror="window.__xss=1">',
  "'><img src=x onerror='window.__xss=1'>",
  "<svg onload=window.__xss=1>",
  "</textarea><script>window.__xss=1</script>",
  "</title></script><script>window.__xss=1</script>",
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<a href="javascript:window.__xss=1">link</a>',
  "javascript:window.__xss=1",
  "<%= global.__xss=1 %>",
  "${window.__xss=1}",
  "{{constructor.constructor('window.__xss=1')()}}",
] as const;

/** Each one would be a formula in a spreadsheet if it began a cell untouched. */
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://evil.example","clicca")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
] as const;

const ALL = [...XSS_PAYLOADS, ...FORMULA_PAYLOADS];

/** A copy of the fixture surveys with every { it, en } text turned into "payload + original". */
export function hostileSurveysDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ostile-"));
  cpSync(FIXTURE_SURVEYS, dir, { recursive: true });
  let n = 0;
  const poison = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(poison);
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 2 && typeof o.it === "string" && typeof o.en === "string") {
        const p = ALL[n++ % ALL.length];
        return { it: `${p} ${o.it}`, en: `${p} ${o.en}` };
      }
      return Object.fromEntries(keys.map((k) => [k, poison(o[k])]));
    }
    return node;
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    writeFileSync(join(dir, file), JSON.stringify(poison(JSON.parse(readFileSync(join(dir, file), "utf8"))), null, 2));
  }
  return dir;
}

/** Answers to `prova` whose free texts ("other" fields, short and long texts) are payloads. */
export function hostileAnswers(i: number): Record<string, string> {
  const p = (k: number) => ALL[(i + k) % ALL.length];
  return {
    eta: "18_44",
    quartiere: "other",
    "quartiere/other": p(0).slice(0, 100),
    usati: "cie other",
    "usati/other": p(1).slice(0, 100),
    "soddisfazione/cie": "7",
    classifica: "cie imu",
    orari: "sabato",
    nome_ufficio: p(2).slice(0, 40),
    commento: `${p(3)} ${p(4)}`,
  };
}

/**
 * Payloads that survived into HTML as markup: a raw `<` or `"` sequence of a payload, or a
 * javascript: URL in an attribute. An escaped payload (&lt;script&gt;) is text and harmless.
 */
export function unescapedPayloads(html: string): string[] {
  const found: string[] = [];
  for (const p of XSS_PAYLOADS) if (/[<>"']/.test(p) && html.includes(p)) found.push(p);
  for (const marker of [
    "<script>window.__xss",
    'onerror="window.__xss',
    "onerror='window.__xss",
    "<svg onload=",
    "<iframe srcdoc",
    "<%= global",
  ]) {
    if (html.includes(marker)) found.push(marker);
  }
  if (/(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.test(html))
    found.push("javascript: URL in an attribute");
  return [...new Set(found)];
}

/** Cells of a CSV that a spreadsheet would run as a formula (a plain number such as -3 is fine). */
export function formulaCells(csv: string): string[] {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const bad: string[] = [];
  for (const row of parsed.data) {
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+([.,]\d+)?$/.test(cell)) bad.push(cell);
    }
  }
  return bad;
}
