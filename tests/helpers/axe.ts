import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe-core (WCAG 2.1 A and AA) finds no serious or critical violation on the page as it is, and
 * what axe 4.x no longer checks but screen readers still trip on holds: ids are unique and every
 * form control has a label that points at it.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`)
    .join("\n");
  expect(bad, `${what} at ${page.url()}\n${report}`).toEqual([]);
  const structure = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    const unlabelled = [...document.querySelectorAll<HTMLInputElement>("input, select, textarea")]
      .filter((e) => e.type !== "hidden" && (!e.labels || e.labels.length === 0))
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}`);
    return { duplicates, unlabelled };
  });
  expect(structure, `${what} at ${page.url()}`).toEqual({ duplicates: [], unlabelled: [] });
}
