import type { Condition, Page, Question } from "../surveys/schema.js";
import type { XlsContext } from "./xlsform-context.js";
import type { SheetRow } from "./xlsform-read.js";

export type DraftPage = Omit<Page, "questions"> & { questions: Question[] };

/**
 * The pages an XLSForm's groups make: an outermost group is a page, the conditions of inner groups
 * go on each of their questions, questions outside any group share a numbered page, and a repeat
 * (asked once per questionnaire here) is left out with everything in it.
 */
export class PageStack {
  readonly pages: DraftPage[] = [];
  private readonly groups: { name: string; repeat: boolean; condition?: Condition }[] = [];
  private loose: DraftPage | null = null;

  constructor(private readonly ctx: XlsContext) {}

  get inRepeat(): boolean {
    return this.groups.some((g) => g.repeat);
  }

  begin(kind: "group" | "repeat", name: string, code: string, cells: SheetRow): void {
    const { ctx, pages } = this;
    const repeat = kind === "repeat" || this.inRepeat;
    const condition = ctx.conditionOf(cells.get("relevant"), `gruppo ${code}`);
    if (kind === "repeat")
      ctx.unmapped.push({
        code,
        reason:
          "gruppo ripetuto (repeat): le sue domande si chiedono una volta sola per questionario, quindi non sono importate",
      });
    if (this.groups.length || repeat) {
      this.groups.push({ name, repeat, condition });
      return;
    }
    this.loose = null;
    const id = ctx.pageId(name || `pagina_${pages.length + 1}`);
    ctx.codes.set(id, code);
    const numbered = { it: `Pagina ${pages.length + 1}`, en: `Page ${pages.length + 1}` };
    const title = ctx.label(cells, "", true) ?? numbered;
    if (!title.it) Object.assign(title, numbered);
    pages.push({ id, title, questions: [], ...(condition ? { showIf: condition } : {}) });
    this.groups.push({ name, repeat });
  }

  end(): void {
    this.groups.pop();
    if (!this.groups.length) this.loose = null;
  }

  /** The page a question goes on: its outermost group's, or a numbered page for questions outside groups. */
  current(): DraftPage {
    if (this.groups.length) return this.pages[this.pages.length - 1];
    if (!this.loose) {
      const n = this.pages.length + 1;
      this.loose = { id: this.ctx.pageId(`pagina_${n}`), title: { it: `Pagina ${n}`, en: `Page ${n}` }, questions: [] };
      this.pages.push(this.loose);
    }
    return this.loose;
  }

  /** The conditions of the groups inside the page, which each of their questions carries. */
  innerConditions(): Condition[] {
    return this.groups
      .slice(1)
      .map((g) => g.condition)
      .filter((c): c is Condition => !!c);
  }
}
