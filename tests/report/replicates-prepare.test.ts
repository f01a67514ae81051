import { afterAll, describe, expect, it } from "vitest";
import {
  helperCount,
  MIN_WORK_FOR_THREADS,
  prepareHelpers,
  stopReplicateHelpers,
} from "../../src/report/helper-threads.js";

// A file of its own: the count of helper threads is this module's state.
afterAll(() => stopReplicateHelpers());

describe("helpers started before the bootstrap's plan is ready (prepareHelpers)", () => {
  it("starts the helpers a bootstrap of that much work will use, and no more", () => {
    prepareHelpers(1, 10 * MIN_WORK_FOR_THREADS);
    expect(helperCount()).toBe(0);
    prepareHelpers(2, MIN_WORK_FOR_THREADS - 1);
    expect(helperCount()).toBe(0);
    prepareHelpers({ threads: 2, minWork: 10 }, 10);
    expect(helperCount()).toBe(1);
    prepareHelpers(2, MIN_WORK_FOR_THREADS);
    expect(helperCount()).toBe(1);
    prepareHelpers(3, MIN_WORK_FOR_THREADS);
    expect(helperCount()).toBe(2);
  });
});
