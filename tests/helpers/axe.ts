import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's own run, on the page's document. Not @axe-core/playwright's builder: it injects axe again on
 * every call and finishes each run in a new blank page, about a second a page over some 250 pages, and
 * our pages have no frames for it to visit. Evaluated through the DevTools protocol, axe is not stopped
 * by the pages' Content-Security-Policy (tests/e2e/accessibility.test.ts shows it runs and finds a
 * planted defect). Only violations are detailed: passes are listed one node each.
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { runOnly: { type: "tag", values: WCAG_TAGS }, resultTypes: ["violations"] };
  return page.evaluate(
    (o) =>
      (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe.run(
        document,
        o,
      ),
    options,
  );
}

/** The serious and critical violations, one line per rule and one per element it found. */
export function describeViolations(result: AxeResults): { ids: string[]; text: string } {
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const text = bad
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\n/g, " ") ?? ""}`).join("\n")}`,
    )
    .join("\n");
  return { ids: bad.map((v) => v.id), text };
}

/**
 * axe-core (WCAG 2.1 A and AA) finds no serious or critical violation on the page as it is, and
 * what axe 4.x no longer checks (duplicate ids left WCAG 2.2's 4.1.1) but screen readers still trip on
 * holds: ids are unique and every form control has a label that points at it.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { ids, text } = describeViolations(await runAxe(page));
  expect(ids, `${what} at ${page.url()}\n${text}`).toEqual([]);
  const structure = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    const unlabelled = [...document.querySelectorAll<HTMLInputElement>("input, select, textarea")]
      .filter((e) => e.type !== "hidden" && (!e.labels || e.labels.length === 0))
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}[name=${e.name}]`);
    return { duplicates, unlabelled };
  });
  expect(structure, `${what} at ${page.url()}`).toEqual({ duplicates: [], unlabelled: [] });
}
