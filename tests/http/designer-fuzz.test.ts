import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { findSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { ACCESS } from "../../src/web/common/access.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

const PARAMS: Record<string, string> = {
  surveyId: "prova",
  questionId: "quartiere",
  pageId: "profilo",
  catalogueId: "catalogo_prova",
  code: "imu",
  version: "1",
};
const urlOf = (path: string): string => path.replace(/:([A-Za-z]+)/g, (_, name: string) => PARAMS[name]);

/** Bodies a careless or hostile client could send: repeated fields, odd types, prototype names, long text. */
const BODIES = [
  "type=single&type=scale&id=a&id=b&label.it=x&label.en=y&action=save",
  "type=matrix&id=m&label.it=x&label.en=y&rows.from=question&rows.question=__proto__&columnsKind=scale&scale.max=abc&action=save",
  "type=single&id=p&label.it=x&label.en=y&choices[0].__proto__.polluted=1&choices[0].constructor.prototype.polluted=1&__proto__.polluted=1&action=save",
  "type=ranking&id=r&label.it=x&label.en=y&choices[999].value=a&size=-1&min=1e400&action=save",
  `type=text&id=${"a".repeat(5000)}&label.it=${"é".repeat(3000)}&label.en=y&maxLength=NaN&action=save`,
  "action=add&domanda=eta&operatore=in&valori=__proto__&valori=18_44&valore=1",
  "action=remove&index=-1&direzione=sideways&join=maybe",
  "json=%5B%5D&code=A%20B&area=nessuna&name.it=&direzione=su",
  "json=null&title.it=x&title.en=y&privacy.it=p&privacy.en=q&estimatedMinutes=1.5&draftDays=0&access=x&status=y&catalogue=__proto__",
];

describe("designer and catalogue forms never fail with a server error, whatever arrives", () => {
  const keys = Object.keys(ACCESS).filter(
    (k) => k.startsWith("POST /admin/designer") || k.startsWith("POST /admin/cataloghi"),
  );
  // A draft to work on, so that every route reaches its handler; destructive routes are in the list too.
  it("has a draft of the test survey", async () => {
    const res = await request(t.app)
      .post("/admin/designer/prova/modifica")
      .set("Cookie", admin.cookie)
      .type("form")
      .send(`_csrf=${admin.csrf}`);
    expect(res.status).toBe(303);
    expect(findSurveyDraft(t.db, "prova")).toBeDefined();
  });

  for (const key of keys) {
    it(key, async () => {
      for (const body of BODIES) {
        const res = await request(t.app)
          .post(urlOf(key.split(" ")[1]))
          .set("Cookie", admin.cookie)
          .type("form")
          .send(`_csrf=${admin.csrf}&${body}`);
        expect(res.status, `${key} with ${body.slice(0, 80)}`).toBeLessThan(500);
        expect(({} as Record<string, unknown>).polluted, body).toBeUndefined();
      }
    });
  }
});
