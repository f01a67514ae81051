/** A survey's fieldwork settings as the staff areas read them (the page and its acts: src/web/fieldwork/fieldwork.service.ts). */
export { allSettings, findSettings, type SurveySettings } from "./settings.repository.js";
