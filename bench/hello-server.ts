import type { AddressInfo } from "node:net";
import express from "express";

// The baseline: the same express, nothing else. Started as a child process, like the product.
const app = express();
app.get("/", (_req, res) => {
  res.send("hello");
});
const server = app.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("message", (m) => {
  if (m === "memory") process.send?.({ maxRss: process.resourceUsage().maxRSS * 1024, rss: process.memoryUsage().rss });
});
process.on("disconnect", () => process.exit(0));
