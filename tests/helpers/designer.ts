import type { Fields } from "./respondent.js";

/** The catalogue editor's form for one service, filled in as an administrator would (Italian and English). */
export function catalogueService(code: string): Fields {
  return {
    code,
    "name.it": "Pagamenti pagoPA",
    "name.en": "pagoPA payments",
    "description.it": "Aiuto a pagare con pagoPA.",
    "description.en": "Help paying with pagoPA.",
    "owner.it": "Ragioneria",
    "owner.en": "Accounts office",
    area: "tributi",
  };
}
