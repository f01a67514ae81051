import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import express, { type Express } from "express";

/**
 * The page assets. Built (`npm run build` → dist/assets): only the files the pages link, under
 * hashed names cached for a year, and `asset("/static/…")` gives the hashed address. Not built (tsx,
 * tests): the sources, from public/ and the two packages, under their own names.
 */
export function mountAssets(app: Express, root: string, assetsDir: string | undefined): void {
  const manifestFile = assetsDir ? join(assetsDir, "manifest.json") : "";
  if (assetsDir && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, string>;
    app.locals.asset = (url: string): string => manifest[url] ?? url;
    app.use("/assets", express.static(assetsDir, { immutable: true, maxAge: "365d", index: false, fallthrough: true }));
    return;
  }
  app.locals.asset = (url: string): string => url;
  app.use(
    "/static/bootstrap-italia",
    express.static(join(root, "node_modules/bootstrap-italia/dist"), { maxAge: "7d", index: false }),
  );
  // report pages: chart.js draws the charts (the data tables under them work without it).
  app.use("/static/chart.js", express.static(join(root, "node_modules/chart.js/dist"), { maxAge: "7d", index: false }));
  app.use("/static", express.static(join(root, "public"), { maxAge: "1h", index: false }));
}
