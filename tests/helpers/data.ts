import type { Express } from "express";
import request from "supertest";
import { formBody } from "./respondent.js";

export type Session = { cookie: string; csrf: string };

/** GETs a CSV download as the exact bytes sent (BOM included). */
export async function download(
  app: Express,
  who: Session,
  path: string,
): Promise<{ status: number; bytes: Buffer; type: string; disposition: string }> {
  const res = await request(app)
    .get(path)
    .set("Cookie", who.cookie)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => done(null, Buffer.concat(chunks)));
    });
  return {
    status: res.status,
    bytes: res.body as Buffer,
    type: String(res.headers["content-type"]),
    disposition: String(res.headers["content-disposition"] ?? ""),
  };
}

/** POSTs the CSV as the import page's textarea does. */
export function importCsv(app: Express, who: Session, surveyId: string, csv: string) {
  return request(app)
    .post(`/admin/questionari/${surveyId}/importa`)
    .set("Cookie", who.cookie)
    .type("form")
    .send(formBody({ _csrf: who.csrf, csv }));
}
