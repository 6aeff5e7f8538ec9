# syntax=docker/dockerfile:1
#
# The GraphQL API (and, in the same image, the command-line tools: `db:migrate`,
# `tenants:sync`, `platform:first-admin`). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t virtual-visits-api .

# --- build: compile TypeScript with SWC ---------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
# npm install, not npm ci: the lockfile cannot list optional platform binaries the registry
# mirror lacks (e.g. @swc/core for macOS), and npm ci refuses such a lockfile.
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY . .
RUN npm run build

# --- prod-deps: runtime dependencies only ----------------------------------------
FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund

# --- runtime -------------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9464
WORKDIR /app
# Files stay owned by root: the process (user node) can read its code but not change it.
# package.json carries "type": "module", which the compiled output needs.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /build/dist ./dist
# No trusts are baked in (tenants/ holds the demo trusts): to run tenants:sync, mount the
# deployment's own folder of trusts at /app/tenants.
USER node
# 9464 serves /metrics: keep it on the private network, never published
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
