import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import spdx from "spdx-license-list";
import spdxFull from "spdx-license-list/full.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "../..");

/** The controlled vocabularies of the publiccode.yml standard (categories-list and scope-list). */
const CATEGORIES = new Set(
  (
    "accounting agile-project-management applicant-tracking application-development appointment-scheduling backup billing-and-invoicing blog " +
    "budgeting business-intelligence business-process-management cad call-center-management cloud-management collaboration communications " +
    "compliance-management contact-management content-management crm customer-service-and-support data-analytics data-collection " +
    "data-visualization design design-system digital-asset-management digital-citizenship document-management donor-management e-commerce " +
    "e-signature educational-content email-management email-marketing employee-management enterprise-project-management " +
    "enterprise-social-networking erp event-management facility-management feedback-and-reviews-management financial-reporting " +
    "fleet-management fundraising gamification geographic-information-systems grant-management graphic-design help-desk hr ide " +
    "identity-management instant-messaging inventory-management it-asset-management it-development it-management it-security " +
    "it-service-management knowledge-management learning-management-system marketing mind-mapping mobile-marketing mobile-payment " +
    "network-management office online-booking online-community payment-gateway payroll predictive-analysis procurement productivity-suite " +
    "project-collaboration project-management property-management real-estate-management remote-support resource-management " +
    "sales-management seo service-desk social-media-management survey talent-management task-management taxes-management test-management " +
    "time-management time-tracking translation video-conferencing video-editing visitor-management voip warehouse-management " +
    "web-collaboration web-conferencing website-builder whistleblowing workflow-management"
  ).split(" "),
);
const SCOPES = new Set(
  (
    "agriculture culture defence education emergency-services employment energy environment finance-and-economic-development foreign-affairs " +
    "healthcare infrastructures justice local-authorities manufacturing research science-and-technology security society sport tourism " +
    "transportation welfare"
  ).split(" "),
);
const SOFTWARE_TYPES = [
  "standalone/mobile",
  "standalone/iot",
  "standalone/desktop",
  "standalone/web",
  "standalone/backend",
  "standalone/other",
  "addon",
  "library",
  "configurationFiles",
];
const STATUSES = ["concept", "development", "beta", "stable", "obsolete"];
const MAINTENANCE = ["internal", "contract", "community", "none"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BCP47 = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The rules of publiccode.yml 0.4 (core and Italian extension 1.0): a list of what breaks them. */
function publiccodeProblems(doc: Record<string, any>): string[] {
  const p: string[] = [];
  const need = (ok: unknown, what: string): void => {
    if (!ok) p.push(what);
  };
  need(doc.publiccodeYmlVersion === "0.4", 'publiccodeYmlVersion must be the string "0.4"');
  need(typeof doc.name === "string" && doc.name.length > 0, "name is mandatory");
  need(typeof doc.url === "string" && /^https?:\/\/\S+$/.test(doc.url), "url must be the repository URL");
  need(doc.releaseDate === undefined || DATE.test(String(doc.releaseDate)), "releaseDate must be YYYY-MM-DD (quoted)");
  need(
    doc.softwareVersion === undefined || typeof doc.softwareVersion === "string",
    "softwareVersion must be a string",
  );
  const platforms = Array.isArray(doc.platforms) ? doc.platforms : [doc.platforms];
  need(
    platforms.length > 0 && platforms.every((x: unknown) => typeof x === "string" && x.length > 0),
    "platforms is mandatory",
  );
  need(Array.isArray(doc.categories) && doc.categories.length > 0, "categories is mandatory");
  for (const c of doc.categories ?? []) need(CATEGORIES.has(c), `category ${c} is not in the standard's list`);
  need(STATUSES.includes(doc.developmentStatus), `developmentStatus must be one of ${STATUSES.join(", ")}`);
  need(SOFTWARE_TYPES.includes(doc.softwareType), `softwareType must be one of ${SOFTWARE_TYPES.join(", ")}`);
  for (const s of doc.intendedAudience?.scope ?? []) need(SCOPES.has(s), `scope ${s} is not in the standard's list`);
  for (const c of doc.intendedAudience?.countries ?? [])
    need(/^[a-z]{2}$/.test(c), `country ${c} must be ISO 3166-1 alpha-2, lower case`);
  const langs = Object.keys(doc.description ?? {});
  need(langs.length > 0, "description needs at least one language");
  for (const lang of langs) {
    const d = doc.description[lang];
    need(BCP47.test(lang), `description language ${lang} is not a BCP 47 tag`);
    need(
      typeof d.shortDescription === "string" && d.shortDescription.length > 0 && d.shortDescription.length <= 150,
      `description.${lang}.shortDescription: 1 to 150 characters`,
    );
    need(
      d.genericName === undefined || d.genericName.length <= 35,
      `description.${lang}.genericName: at most 35 characters`,
    );
    if (d.longDescription !== undefined) {
      need(
        d.longDescription.length >= 150 && d.longDescription.length <= 10000,
        `description.${lang}.longDescription: 150 to 10000 characters`,
      );
    }
    need(
      d.features === undefined ||
        (Array.isArray(d.features) && d.features.every((f: unknown) => typeof f === "string")),
      `description.${lang}.features: a list of texts`,
    );
  }
  need(
    langs.some((l) => typeof doc.description[l].longDescription === "string"),
    "longDescription is mandatory for at least one language",
  );
  need(
    langs.some((l) => Array.isArray(doc.description[l].features) && doc.description[l].features.length > 0),
    "features is mandatory for at least one language",
  );
  need(typeof doc.legal?.license === "string" && doc.legal.license in spdx, "legal.license must be an SPDX identifier");
  need(MAINTENANCE.includes(doc.maintenance?.type), `maintenance.type must be one of ${MAINTENANCE.join(", ")}`);
  if (["internal", "community"].includes(doc.maintenance?.type)) {
    need(
      Array.isArray(doc.maintenance.contacts) &&
        doc.maintenance.contacts.length > 0 &&
        doc.maintenance.contacts.every((c: any) => typeof c.name === "string"),
      "maintenance.contacts (each with a name) is mandatory for internal or community maintenance",
    );
  }
  if (doc.maintenance?.type === "contract") {
    need(
      Array.isArray(doc.maintenance.contractors) &&
        doc.maintenance.contractors.every((c: any) => c.name && DATE.test(String(c.until))),
      "maintenance.contractors (name, until) is mandatory for contract maintenance",
    );
  }
  need(
    typeof doc.localisation?.localisationReady === "boolean",
    "localisation.localisationReady must be true or false",
  );
  need(
    Array.isArray(doc.localisation?.availableLanguages) &&
      doc.localisation.availableLanguages.length > 0 &&
      doc.localisation.availableLanguages.every((l: string) => BCP47.test(l)),
    "localisation.availableLanguages: BCP 47 tags",
  );
  for (const kind of ["open", "proprietary", "hardware"]) {
    for (const dep of doc.dependsOn?.[kind] ?? [])
      need(typeof dep.name === "string", `dependsOn.${kind}: every dependency needs a name`);
  }
  if (doc.it !== undefined) {
    need(doc.it.countryExtensionVersion === "1.0", 'it.countryExtensionVersion must be "1.0"');
    for (const [k, v] of Object.entries({ ...doc.it.conforme, ...doc.it.piattaforme }))
      need(typeof v === "boolean", `it: ${k} must be true or false`);
    need(
      doc.it.riuso?.codiceIPA === undefined || /^[a-z0-9_]+$/i.test(doc.it.riuso.codiceIPA),
      "it.riuso.codiceIPA must be an IPA code",
    );
  }
  return p;
}

describe("publiccode.yml (Developers Italia catalogue)", () => {
  const text = readFileSync(join(ROOT, "publiccode.yml"), "utf8");
  const doc = parse(text, { version: "1.2" }) as Record<string, any>;

  it("follows the standard 0.4: mandatory keys, vocabularies, lengths, SPDX licence, maintenance, localisation", () => {
    expect(publiccodeProblems(doc)).toEqual([]);
  });

  it("describes the software in Italian, with its features, the it localisation and its dependencies", () => {
    expect(doc.description.it.longDescription.length).toBeGreaterThanOrEqual(150);
    expect(doc.description.it.features.length).toBeGreaterThanOrEqual(5);
    expect(doc.localisation.availableLanguages).toContain("it");
    expect(doc.dependsOn.open.map((d: { name: string }) => d.name)).toContain("Node.js");
    expect(doc.legal.license).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).license);
    expect(doc.platforms).toContain("web");
  });

  it("the checker catches what the standard forbids (it would not pass a broken file)", () => {
    const broken: Record<string, any> = {
      ...doc,
      publiccodeYmlVersion: 0.4,
      categories: ["sondaggi"],
      legal: { license: "EUPL" },
      maintenance: { type: "internal" },
    };
    broken.description = { it: { ...doc.description.it, shortDescription: "x".repeat(151) } };
    const problems = publiccodeProblems(broken);
    expect(problems).toContain('publiccodeYmlVersion must be the string "0.4"');
    expect(problems).toContain("category sondaggi is not in the standard's list");
    expect(problems).toContain("legal.license must be an SPDX identifier");
    expect(problems).toContain("description.it.shortDescription: 1 to 150 characters");
    expect(problems.some((x) => x.startsWith("maintenance.contacts"))).toBe(true);
  });
});

describe("licences", () => {
  it("LICENCE is the full EUPL-1.2 text as SPDX publishes it", () => {
    const licence = readFileSync(join(ROOT, "LICENCE"), "utf8");
    expect(licence.trim()).toBe(spdxFull["EUPL-1.2"].licenseText.trim());
    expect(licence).toContain("EUROPEAN UNION PUBLIC LICENCE v. 1.2");
    expect(licence.length).toBeGreaterThan(12_000);
  });

  it("THIRD-PARTY-NOTICES.md names every production dependency at its installed version (npm run notices)", () => {
    const notices = readFileSync(join(ROOT, "THIRD-PARTY-NOTICES.md"), "utf8");
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const missing = Object.keys(pkg.dependencies).filter((name) => {
      const installed = join(ROOT, "node_modules", name, "package.json");
      if (!existsSync(installed)) return true;
      const { version } = JSON.parse(readFileSync(installed, "utf8")) as { version: string };
      return !notices.includes(`| ${name}@${version} |`);
    });
    expect(missing, "run `npm run notices` after changing dependencies").toEqual([]);
  });
});
