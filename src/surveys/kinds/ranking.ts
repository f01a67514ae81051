import { choicesOf } from "../options.js";
import type { Question } from "../schema.js";
import { choiceCodebook } from "./choices.js";
import { choiceLabel, emptyParsed, failer, NO_ANSWER, single } from "./fields.js";
import type { Kind } from "./kind.js";
import { checkChoices } from "./checks.js";
import { compareChoices } from "./compatibility.js";

/**
 * The respondent picks up to `size` choices in order of preference, one drop-down list per position
 * (`id/1`, `id/2`…); stored as the values in order, separated by a space.
 */
export type RankingQuestion = Extract<Question, { type: "ranking" }>;

export const rankingKind: Kind<RankingQuestion> = {
  names: ["una classifica", "una classifica"],
  designer: { label: "Classifica (scegliere e ordinare)", fields: ["choices", "choicesFrom", "size", "min"] },
  grouped: () => true,
  choices: (q, survey) => choicesOf(q, survey.catalogue),
  firstField: (q) => `${q.id}/1`,
  condition: "choice",
  check(q, input) {
    const choices = checkChoices(q, input);
    if (q.size > choices.length) input.report(`${input.path}.size`, "size supera il numero di scelte");
    if (q.min !== undefined && q.min > q.size) input.report(`${input.path}.min`, "min è maggiore di size");
  },
  compatible: compareChoices,
  formFields: (q, value) => Object.fromEntries(value.split(" ").map((v, i) => [`${q.id}/${i + 1}`, v])),
  keys: (q) => [q.id],
  parse(q, { survey, body, lang }) {
    const out = emptyParsed();
    const fail = failer(q, out, lang);
    const valid = new Set(choicesOf(q, survey.catalogue).map((c) => c.value));
    const picked: string[] = [];
    let gap = false;
    for (let position = 1; position <= q.size; position++) {
      const field = `${q.id}/${position}`;
      const value = single(body[field]);
      if (value === null || (value !== "" && !valid.has(value))) return fail("invalidChoice", {}, field);
      if (value === "") gap = true;
      else if (gap) return fail("rankGap", {}, `${q.id}/1`);
      else if (picked.includes(value)) return fail("rankDuplicate", {}, field);
      else picked.push(value);
    }
    const min = q.min ?? (q.required ? 1 : 0);
    if (picked.length < min)
      return fail(
        picked.length === 0 && min === 1 ? "required" : "rankTooFew",
        { n: min },
        `${q.id}/${picked.length + 1}`,
      );
    if (picked.length) out.answers[q.id] = picked.join(" ");
    return out;
  },
  stored(q, survey) {
    const valid = new Set(choicesOf(q, survey.catalogue).map((c) => c.value));
    const min = q.min ?? (q.required ? 1 : 0);
    const fields = Array.from({ length: q.size }, (_, i) => `${q.id}/${i + 1}`);
    return (answers) => {
      // A stored position field would replace the one the answer gives back: parse decides then.
      for (const field of fields) if (answers[field] !== undefined) return null;
      const value = answers[q.id];
      if (value === undefined) return min > 0 ? null : NO_ANSWER;
      if (typeof value !== "string") return null;
      const picked = value.split(" ");
      if (picked.length > q.size || picked.length < min) return null;
      for (let i = 0; i < picked.length; i++) {
        if (!valid.has(picked[i]) || picked.indexOf(picked[i]) !== i) return null;
      }
      return { [q.id]: value };
    };
  },
  columns: (q) => [{ key: q.id, questionId: q.id, part: "value" }],
  codebook: (q, _column, survey) => ({
    type: q.type,
    label: q.label,
    ...choiceCodebook(q, survey.catalogue, `fino a ${q.size} valori separati da uno spazio, in ordine di preferenza`),
  }),
  summary(q, survey, answers, lang) {
    const value = answers[q.id];
    if (value === undefined) return [];
    const choices = choicesOf(q, survey.catalogue);
    return [
      {
        label: "",
        value: value
          .split(" ")
          .map((v, i) => `${i + 1}. ${choiceLabel(q, choices, answers, v, lang)}`)
          .join("; "),
      },
    ];
  },
  report: null,
};
