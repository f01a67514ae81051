import { existsSync, readFileSync } from "node:fs";
import ejs from "ejs";

/** What a page tells its frame: the title and the assets its head needs beyond the common ones. */
export interface PageFrame {
  title: string;
  /** Report pages: their own style sheets (external files only: the CSP forbids inline ones). */
  extraStyles?: { href: string; media?: string }[];
  extraScripts?: string[];
  kioskScript?: boolean;
}

type RenderCallback = (error: Error | null, html?: string) => void;
type ViewEngine = (path: string, locals: object, callback: RenderCallback) => void;
type Locals = Record<string, unknown>;
/** A compiled template, and whether its text names `include` at all (a page, a question; not a leaf partial). */
interface Template {
  run: (locals: Locals) => string;
  includes: boolean;
}

/**
 * The view engine: a page that calls `layout({ title })` is rendered first, then placed as `body` in
 * `layoutPath` (header, main, footer), so no page includes the frame by hand. A page that does not call
 * it (the printable code slips, the paper form) is sent as it is. No dependency beyond ejs's compiler.
 *
 * With express's «view cache» (always on in createApp) each template is read and compiled once, and
 * each `include(path)` is resolved once per including file: ejs's own include checked the file on
 * disk (a `stat`) and copied every local twice at each call, about a tenth of a question page's time
 * (BENCHMARKS.md). Without the cache (the engine called with no settings, as the tests do) every render
 * reads and compiles again, as ejs does.
 */
export function layoutEngine(layoutPath: string): ViewEngine {
  const templates = new TemplateStore();
  return (path, locals, callback) => {
    let html: string;
    try {
      const cached = isCached(locals);
      const page: { frame?: PageFrame } = {};
      const data = copyLocals(locals, { layout: (declared: PageFrame): void => void (page.frame = declared) });
      const body = templates.render(path, data, cached);
      html = page.frame ? templates.render(layoutPath, copyLocals(data, page.frame, { body }), cached) : body;
    } catch (error) {
      return callback(error as Error);
    }
    callback(null, html);
  };
}

/** Express passes its settings with the locals; ejs reads «view cache» from them the same way. */
function isCached(locals: object): boolean {
  const settings = (locals as { settings?: Record<string, unknown> }).settings;
  return Boolean(settings?.["view cache"]);
}

/**
 * The locals a template runs with: own properties only (as ejs copies them), on an object without a
 * prototype, so that a property added to Object.prototype can't stand in for ejs's own names
 * (`escapeFn`, `include`, `__append`) inside the template's `with`: ejs's protection, which its
 * `unsafePrototypeLocals` below would otherwise turn off along with ejs's second copy.
 */
function copyLocals(...sources: object[]): Locals {
  const data = Object.create(null) as Locals;
  for (const source of sources)
    for (const key in source)
      if (Object.hasOwn(source, key) && key !== "__proto__" && key !== "constructor")
        data[key] = (source as Locals)[key];
  return data;
}

/** Compiled templates by file and resolved includes by including file. */
class TemplateStore {
  private readonly compiled = new Map<string, Template>();
  private readonly resolved = new Map<string, string>();

  /**
   * Runs `file` with `data`. ejs runs a template on a copy of its locals, because a template may change
   * them (a `var` inside ejs's `with` assigns to a local of the same name), and builds each include's
   * locals from the ones it was given, unchanged. So does this, with one exception that keeps the same
   * result: a template that includes nothing runs on locals made for it alone (`owned`), without a copy.
   */
  render(file: string, data: Locals, cached: boolean, owned = false): string {
    const { run, includes } = this.template(file, cached);
    if (owned && !includes) return run(data);
    const locals = copyLocals(data);
    // The compiled template runs inside `with (locals)`: this `include` is found before ejs's own.
    locals.include = (path: string, extra?: object): string =>
      this.render(this.resolve(path, file, cached), copyLocals(data, extra ?? {}), cached, true);
    return run(locals);
  }

  private template(file: string, cached: boolean): Template {
    let template = cached ? this.compiled.get(file) : undefined;
    if (!template) {
      // The options ejs.renderFile gives (its defaults, the file name for messages and includes), except
      // that the locals are passed as they are: copyLocals already gave them no prototype.
      const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
      const run = ejs.compile(text, { filename: file, unsafePrototypeLocals: true } as ejs.Options) as Template["run"];
      template = { run, includes: text.includes("include") };
      if (cached) this.compiled.set(file, template);
    }
    return template;
  }

  /** ejs's resolution of `include(path)` (relative to the including file, `.ejs` when no extension), checked once. */
  private resolve(path: string, from: string, cached: boolean): string {
    const key = `${from}\0${path}`;
    let file = cached ? this.resolved.get(key) : undefined;
    if (!file) {
      const absolute = /^[A-Za-z]+:\\|^\//.test(path);
      file = absolute ? ejs.resolveInclude(path.replace(/^\/*/, ""), "/", true) : ejs.resolveInclude(path, from);
      if (!absolute && !existsSync(file)) throw new Error(`Could not find the include file "${ejs.escapeXML(path)}"`);
      if (cached) this.resolved.set(key, file);
    }
    return file;
  }
}
