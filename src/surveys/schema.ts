import { z } from "zod";

/** Ids are stable, author-chosen and used as CSV column names: keep them simple. */
export const ID_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Choice values may start with a digit ("30_44", "1"), never contain spaces (multi answers are space-joined). */
export const VALUE_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
/** Words the engine, the CSV format or JavaScript objects already use. */
export const RESERVED_IDS = new Set([
  "response_id",
  "survey_version",
  "channel",
  "submitted_at",
  "lang",
  "action",
  "csrf",
  "page",
  "token",
  "code",
  "other",
  "non_so",
  "constructor",
  "prototype",
  "__proto__",
]);
/** The stored value of a "non so" answer on a scale or a scale matrix. */
export const DONT_KNOW = "non_so";

const idSchema = z
  .string()
  .regex(ID_PATTERN, "un id usa solo lettere minuscole, cifre e _ e inizia con una lettera")
  .refine((s) => !RESERVED_IDS.has(s), { message: "questo id è una parola riservata" });
const valueSchema = z
  .string()
  .regex(VALUE_PATTERN, "un valore usa solo lettere minuscole, cifre e _")
  .refine((s) => s !== DONT_KNOW, { message: `"${DONT_KNOW}" è riservato alla risposta "non so"` });

export const textSchema = z.strictObject({ it: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof textSchema>;

export const choiceSchema = z.strictObject({
  value: valueSchema,
  label: textSchema,
  /** Numeric meaning for the analysis (e.g. "2_3" times → 2.5). */
  score: z.number().optional(),
  /** "Nessuno di questi": cannot be combined with other choices. */
  exclusive: z.boolean().optional(),
});
export type Choice = z.infer<typeof choiceSchema>;

const leafConditionSchema = z
  .strictObject({
    /** A question id, or `question/row` for one row of a matrix. */
    question: z.string().min(1),
    equals: z.union([z.string(), z.number()]).optional(),
    in: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    answered: z.boolean().optional(),
  })
  .refine((c) => ["equals", "in", "gte", "lte", "answered"].filter((k) => k in c).length === 1, {
    message: "una condizione usa esattamente uno tra equals, in, gte, lte, answered",
  });
export type LeafCondition = z.infer<typeof leafConditionSchema>;
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafConditionSchema,
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

export const ANALYSIS_ROLES = [
  "weighting",
  "services_used",
  "frequency",
  "offices",
  "repeat_visits",
  "time_lost",
  "satisfaction",
  "importance",
  "preference",
  "desk_features",
  "time_slots",
  "channel",
  "overall_satisfaction",
  "staff_area",
  "staff_role",
  "staff_contacts",
  "staff_incomplete",
  "staff_severity",
  "feasibility",
  "constraints",
  "staff_time",
  "staff_problems",
  "staff_risks",
  "staff_willingness",
  "training",
  "open_text",
  "segment",
] as const;
/** The census dimensions a report treats specially: the area (strata, a filter), the age band (a filter), sex. */
export const DIMENSIONS = ["area", "age", "sex"] as const;
export const analysisSchema = z.strictObject({
  role: z.enum(ANALYSIS_ROLES),
  /** For `weighting`: the margin variable name in the census margins file. */
  variable: z.string().optional(),
  /** For `weighting`: which census dimension the variable is, so the report finds it without knowing its name. */
  dimension: z.enum(DIMENSIONS).optional(),
});

const base = {
  id: idSchema,
  label: textSchema,
  help: textSchema.optional(),
  required: z.boolean().default(false),
  showIf: conditionSchema.optional(),
  analysis: analysisSchema.optional(),
};
/** Choices are listed, or taken from the service catalogue of the survey. */
const choiceSource = {
  choices: z.array(choiceSchema).min(1).optional(),
  choicesFrom: z.literal("catalogue").optional(),
};
const scaleFields = {
  min: z.int().min(0).max(10).default(1),
  max: z.int().min(1).max(11),
  minLabel: textSchema.optional(),
  maxLabel: textSchema.optional(),
  dontKnow: z.boolean().default(false),
};
export const rowSourceSchema = z.union([
  z.strictObject({ from: z.literal("list"), rows: z.array(choiceSchema).min(1) }),
  /** Every active service, or those of the macro-area answered in an earlier question. */
  z.strictObject({ from: z.literal("catalogue"), areaQuestion: idSchema.optional() }),
  /** "For each service you used": the choices picked in an earlier multiple-choice question. */
  z.strictObject({ from: z.literal("question"), question: idSchema }),
]);
export type RowSource = z.infer<typeof rowSourceSchema>;

export const questionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...base,
    type: z.literal("single"),
    ...choiceSource,
    display: z.enum(["radio", "select"]).default("radio"),
    other: z.boolean().default(false),
  }),
  z.strictObject({
    ...base,
    type: z.literal("multi"),
    ...choiceSource,
    min: z.int().min(0).optional(),
    max: z.int().min(1).optional(),
    other: z.boolean().default(false),
  }),
  z.strictObject({ ...base, type: z.literal("scale"), ...scaleFields }),
  z.strictObject({
    ...base,
    type: z.literal("matrix"),
    rows: rowSourceSchema,
    /** Either named columns or a numeric scale. */
    columns: z.array(choiceSchema).min(2).optional(),
    scale: z.strictObject(scaleFields).optional(),
    /** With `required`, every row must be answered. */
  }),
  z.strictObject({
    ...base,
    type: z.literal("ranking"),
    ...choiceSource,
    size: z.int().min(1).max(20),
    min: z.int().min(1).optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal("number"),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
    unit: textSchema.optional(),
  }),
  z.strictObject({ ...base, type: z.literal("date"), min: z.iso.date().optional(), max: z.iso.date().optional() }),
  z.strictObject({ ...base, type: z.literal("text"), maxLength: z.int().min(1).max(1000).default(200) }),
  z.strictObject({ ...base, type: z.literal("textarea"), maxLength: z.int().min(1).max(10000).default(2000) }),
  z.strictObject({ ...base, type: z.literal("rating") }),
  /**
   * Best–worst scaling: the respondent sees `sets` small sets of `size` items and picks the most and
   * the least important in each. The sets come from a balanced design (src/surveys/kinds/maxdiff.ts)
   * with `versions` versions rotated across respondents; the version is stored with the answer.
   */
  z.strictObject({
    ...base,
    type: z.literal("maxdiff"),
    ...choiceSource,
    sets: z.int().min(2).max(30),
    size: z.int().min(3).max(7).default(4),
    versions: z.int().min(1).max(99).default(10),
    bestLabel: textSchema.optional(),
    worstLabel: textSchema.optional(),
    /**
     * The design frozen as it was published: for each version its sets, for each set the item values.
     * When given it is used as it is (a published version keeps its sets whatever the generator does).
     */
    design: z
      .array(z.array(z.array(valueSchema).min(2)).min(1))
      .min(1)
      .optional(),
  }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question["type"];

export const pageSchema = z.strictObject({
  id: idSchema,
  title: textSchema,
  intro: textSchema.optional(),
  showIf: conditionSchema.optional(),
  /**
   * For a page of grids "for each service you used": at most this many rows a page. With more rows
   * the page is shown as several pages in a row (`id`, `id-2`, `id-3` …), each with the next rows of
   * every grid; the answers are the same as on one page (src/surveys/flow.ts).
   */
  rowsPerPage: z.int().min(1).max(50).optional(),
  questions: z.array(questionSchema).min(1),
});
export type Page = z.infer<typeof pageSchema>;

export const surveySchema = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("survey"),
  id: idSchema,
  version: z.int().min(1),
  status: z.enum(["draft", "open", "closed"]).default("open"),
  title: textSchema,
  description: textSchema.optional(),
  estimatedMinutes: z.int().min(1).max(120).optional(),
  /** `code`: every respondent needs a single-use access code (staff survey). */
  access: z.enum(["public", "code"]).default("public"),
  /** Id of the catalogue file whose services feed `choicesFrom`/`rows.from = catalogue`. */
  catalogue: idSchema.optional(),
  /** Days a saved draft is kept before it expires. */
  draftDays: z.int().min(1).max(365).default(30),
  /** The privacy notice (GDPR art. 13) shown before the first question; paragraphs split by blank lines. */
  privacy: textSchema,
  pages: z.array(pageSchema).min(1),
});
export type SurveyDefinition = z.infer<typeof surveySchema>;

export const catalogueSchema = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("catalogue"),
  id: idSchema,
  version: z.int().min(1),
  title: textSchema,
  areas: z.array(choiceSchema).min(1),
  services: z
    .array(
      z.strictObject({
        code: valueSchema,
        name: textSchema,
        description: textSchema,
        owner: textSchema,
        area: valueSchema,
        /** Retired services are kept so their code is never reused. */
        retired: z.boolean().default(false),
      }),
    )
    .min(1),
});
export type Catalogue = z.infer<typeof catalogueSchema>;
export type Service = Catalogue["services"][number];

export const definitionFileSchema = z.discriminatedUnion("kind", [surveySchema, catalogueSchema]);
