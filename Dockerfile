# The Begroot service. Built by docker-compose.yml (`docker compose build`); there is no Docker engine on
# the build machines, so this file has never been built. What was checked instead: the final stage's
# layout (package.json, node_modules, dist, dashboard) started with `node dist/src/main.js` outside
# Docker (see README, "Op schaal", "Verified here").

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: ci refuses lockfiles written on the build machines (optional platform
# binaries the registry mirror leaves out). No install scripts: the service needs none (the embedded
# PostgreSQL is not used in a container, DATABASE_URL is set; swc only serves the tests).
RUN npm install --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY projections ./projections
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The dashboard's static files, read once at start-up from dashboard/ beside package.json
# (src/modules/dashboard/dashboard-bestanden.ts): without them the service does not start.
COPY dashboard ./dashboard
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/v1/gezondheid').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
