import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup/every-test-asserts.ts"],
    globalSetup: ["tests/setup/production-assets.ts"],
    // Both cores: the browser and HTTP files wait on I/O much of the time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
