/**
 * Drives a questionnaire over real HTTP the way a browser without JavaScript does:
 * GET a page, POST its form, follow the redirect.
 *
 *   const r = new Respondent(app, "cittadini", { lang: "en" });
 *   await r.start();                       // intro page, then POST start → first page
 *   r.pageId; r.shownQuestions();          // ids of the questions drawn on the current page
 *   r.shownFields("soddisfazione");        // form field names of a question (matrix rows: "soddisfazione/cie")
 *   await r.answer({ eta: "65_74", usati: ["cie", "tari"] });  // POST action=next, follow redirect
 *   await r.answer({}, "back");            // or "save"
 *   r.status; r.html; r.path;              // of the last response after redirects
 *   await r.submitFromSummary();           // POST /r/:token/invia (must be on the summary)
 *   r.token                                // the draft token
 *
 * Access codes for surveys with access "code": createAccessCodes(db, surveyId, n) from
 * src/storage/sqlite-access-codes.ts, then new Respondent(app, id, { code }).
 * Stored responses: listResponses(db, surveyId) from src/storage/sqlite-responses.ts.
 */
import type { Express } from "express";
import request from "supertest";

export type Fields = Record<string, string | string[]>;

export function formBody(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

export class Respondent {
  path = "";
  html = "";
  status = 0;
  constructor(
    private readonly app: Express,
    private readonly surveyId: string,
    private readonly options: { lang?: "it" | "en"; code?: string } = {},
  ) {}

  get token(): string {
    return /\/r\/([^/?]+)/.exec(this.path)?.[1] ?? "";
  }

  get pageId(): string {
    return /\/p\/([a-z0-9_]+)/.exec(this.path)?.[1] ?? "";
  }

  get lang(): "it" | "en" {
    return this.options.lang ?? "it";
  }

  async start(): Promise<void> {
    const intro = await request(this.app).get(`/s/${this.surveyId}${this.lang === "en" ? "?lang=en" : ""}`);
    if (intro.status !== 200) throw new Error(`intro: ${intro.status}`);
    const fields: Fields = { lang: this.lang };
    if (this.options.code !== undefined) fields.code = this.options.code;
    await this.post(`/s/${this.surveyId}/start`, fields);
  }

  async answer(fields: Fields, action: "next" | "back" | "save" = "next"): Promise<void> {
    await this.post(this.path.split("?")[0], { ...fields, lang: this.lang, action });
  }

  async submitFromSummary(): Promise<void> {
    await this.post(`/r/${this.token}/invia`, { lang: this.lang });
  }

  async get(path: string): Promise<void> {
    await this.follow(await request(this.app).get(path), path);
  }

  async post(path: string, fields: Fields): Promise<void> {
    const res = await request(this.app).post(path).type("form").send(formBody(fields));
    await this.follow(res, path);
  }

  private async follow(res: request.Response, path: string): Promise<void> {
    let current = res;
    let at = path;
    for (let hops = 0; current.status >= 300 && current.status < 400 && hops < 10; hops++) {
      at = current.headers.location;
      current = await request(this.app).get(at);
    }
    this.path = at;
    this.status = current.status;
    this.html = current.text;
  }

  /** Question ids drawn on the current page, in order. */
  shownQuestions(): string[] {
    return [...this.html.matchAll(/<div class="q[^"]*" id="q-([a-z0-9_]+)"/g)].map((m) => m[1]);
  }

  /** The sets of a best–worst question on the current page: the design version and each set's items in order. */
  bestWorstSets(questionId: string): { version: string; sets: string[][] } {
    const version = new RegExp(`name="${questionId}/version" value="(\\d+)"`).exec(this.html)?.[1] ?? "";
    const sets: string[][] = [];
    for (const m of this.html.matchAll(new RegExp(`name="${questionId}/(\\d+)/best" value="([a-z0-9_]+)"`, "g")))
      (sets[Number(m[1]) - 1] ??= []).push(m[2]);
    return { version, sets };
  }

  /**
   * Best–worst answers for the current page: in each set the best is the item that comes first in
   * `preference` (else the first shown), the worst the one that comes last (else the last shown).
   */
  bestWorstAnswers(questionId: string, preference: string[] = []): Fields {
    const { version, sets } = this.bestWorstSets(questionId);
    const rank = (code: string): number => (preference.includes(code) ? preference.indexOf(code) : preference.length);
    const fields: Fields = { [`${questionId}/version`]: version };
    sets.forEach((items, i) => {
      const ordered = [...items].sort((a, b) => rank(a) - rank(b));
      fields[`${questionId}/${i + 1}/best`] = ordered[0];
      fields[`${questionId}/${i + 1}/worst`] =
        ordered[ordered.length - 1] === ordered[0] ? ordered[1] : ordered[ordered.length - 1];
    });
    return fields;
  }

  /** Distinct form field names belonging to a question on the current page. */
  shownFields(questionId: string): string[] {
    const names = [...this.html.matchAll(/name="([^"]+)"/g)].map((m) => m[1]);
    return [...new Set(names.filter((n) => n === questionId || n.startsWith(`${questionId}/`)))];
  }
}
