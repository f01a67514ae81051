import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SKIP = new Set(["node_modules", "dist", ".git", "data", "coverage"]);

/** Every Markdown file of the repository (not dependencies, builds or data). */
function markdownFiles(dir: string = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

function sourceFiles(dir: string, ends: readonly string[] = [".ts"]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name), ends)
      : ends.some((end) => e.name.endsWith(end))
        ? [join(dir, e.name)]
        : [],
  );
}

/** A file of the repository named in a text: «src/storage/sqlite.ts», «views/layout.ejs», «tests/fixtures/r/make-reference.R». */
const NAMED_FILE = /(?<![\w/.-])(?:src|tests|views|bench|scripts|docs)\/[A-Za-z0-9_./-]+\.(?:ts|ejs|mjs|md|R)\b/g;
/** Names that are examples of a format, not files. */
const EXAMPLE_NAMES = new Set(["src/path.ts"]);

/** The relative link targets of a Markdown text: [text](target) and [label]: target, outside code. */
function relativeLinks(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
  ];
  return targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(t));
}

describe("documentation links", () => {
  const files = markdownFiles();

  it("finds the documents (README, SECURITY, docs/)", () => {
    const names = files.map((f) => relative(ROOT, f));
    expect(names).toContain("README.md");
    expect(names).toContain(join("docs", "README.md"));
  });

  it("every relative link in a .md file points to a file or folder inside the repository that exists", () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const link of relativeLinks(readFileSync(file, "utf8"))) {
        const path = decodeURIComponent(link.split(/[#?]/)[0]);
        if (!path) continue;
        const target = path.startsWith("/") ? join(ROOT, path) : resolve(dirname(file), path);
        const where = `${relative(ROOT, file)} → ${link}`;
        if (target !== ROOT && !target.startsWith(ROOT + sep)) problems.push(`${where}: points outside the repository`);
        else if (!existsSync(target)) problems.push(`${where}: ${relative(ROOT, target)} does not exist`);
      }
    }
    expect(problems, `broken links:\n${problems.join("\n")}`).toEqual([]);
  });

  it("no document or code comment cites the design notes that live outside the repository", () => {
    const cited: string[] = [];
    for (const file of [...files, ...sourceFiles(join(ROOT, "src"))]) {
      const text = readFileSync(file, "utf8");
      for (const needle of ["DESIGN.md", "DOMAIN.md", "methodology-sources", "../shared/"]) {
        if (text.includes(needle)) cited.push(`${relative(ROOT, file)}: ${needle}`);
      }
    }
    expect(cited).toEqual([]);
  });

  it("every file of the repository that a document, a comment or a template names by its path exists", () => {
    // BENCHMARKS.md is a log of past runs: it names the files as they were then.
    const texts = [
      ...files.filter((f) => relative(ROOT, f) !== "BENCHMARKS.md"),
      ...["src", "tests", "bench", "scripts", "views"].flatMap((dir) =>
        sourceFiles(join(ROOT, dir), [".ts", ".mjs", ".ejs", ".R"]),
      ),
    ];
    const missing: string[] = [];
    for (const file of texts) {
      for (const [name] of readFileSync(file, "utf8").matchAll(NAMED_FILE)) {
        if (!EXAMPLE_NAMES.has(name) && !existsSync(join(ROOT, name))) missing.push(`${relative(ROOT, file)}: ${name}`);
      }
    }
    expect(texts.length).toBeGreaterThan(500);
    expect([...new Set(missing)]).toEqual([]);
  });
});
