# Sportello: a small production image. Build: docker build -t sportello .
# Run:   docker run -p 3000:3000 -v sportello-data:/data sportello   (or compose.yaml, with HTTPS)

# 1. Build: all dependencies (TypeScript, the page assets), then only the production ones are kept.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles itself when no prebuilt binary can be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts=false
COPY tsconfig.json tsconfig.build.json ./
COPY scripts scripts
COPY src src
COPY views views
COPY public public
RUN npm run build && npm prune --omit=dev

# 2. Run: Node and what the server reads, as the unprivileged user "node"; data in the /data volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_PATH=/data/sportello.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY migrations migrations
COPY migrations-pg migrations-pg
COPY surveys surveys
COPY views views
COPY --from=build /app/public public
COPY reports reports
COPY config config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not npm): SIGTERM from `docker stop` reaches the server, which finishes its requests and closes the database.
CMD ["node", "--max-semi-space-size=2", "--v8-pool-size=1", "dist/main.js"]
