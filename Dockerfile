# practice-peers: the browser app built with every dependency; the server runs on production dependencies only, as `node`.

# 1. Build the browser app (Vite is a dev dependency).
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-web.mjs

# 2. Production dependencies only (tsx runs the TypeScript sources; it is a production dependency).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The runtime: sources, migrations, the built app, no compilers, no dev dependencies, not root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY --from=web /app/web/dist ./web/dist
# The code stays root-owned (read-only to the server); only the embedded database's folder is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]
# node directly (not npm) so SIGTERM from the container runtime reaches the server.
CMD ["node", "--import", "tsx", "src/server.ts"]
