import type { ApiToken } from "../admin/api-tokens.service.js";
import type { SurveySettings } from "../admin/survey-settings.js";
import type { User } from "../admin/user.js";
import type * as pg from "../db/pg/schema.js";
import type * as sqlite from "../db/schema.js";

/**
 * The record types pages and services use are written out in their feature folders (which may not
 * import the database's schema); these checks keep them equal, both ways, to the rows of the tables
 * on each engine. A column added, removed or retyped in a schema fails to compile here.
 */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;

export type UserIsUsersRow = [
  sqlite: Holds<SameShape<User, Omit<typeof sqlite.users.$inferSelect, "passwordHash">>>,
  pg: Holds<SameShape<User, Omit<typeof pg.users.$inferSelect, "passwordHash">>>,
];

export type ApiTokenIsApiTokensRow = [
  sqlite: Holds<SameShape<ApiToken, Omit<typeof sqlite.apiTokens.$inferSelect, "tokenHash">>>,
  pg: Holds<SameShape<ApiToken, Omit<typeof pg.apiTokens.$inferSelect, "tokenHash">>>,
];

export type SurveySettingsIsSurveySettingsRow = [
  sqlite: Holds<SameShape<SurveySettings, typeof sqlite.surveySettings.$inferSelect>>,
  pg: Holds<SameShape<SurveySettings, typeof pg.surveySettings.$inferSelect>>,
];
