/**
 * Reading the stored responses as the data pages show them (the analysts' browser, the codebook):
 * queries with no rule of their own, offered to the web here so that no handler reads storage.
 */
export {
  answeredKeys,
  countMatching,
  findResponse,
  listMatching,
  type ResponseFilter,
  type ResponseWithAnswers,
} from "./data.repository.js";
export { hasSyntheticResponses } from "./repository.js";
