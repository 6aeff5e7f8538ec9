# syntax=docker/dockerfile:1
#
# Queue consumers and schedules. Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t virtual-visits-worker .

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
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9464
WORKDIR /app
# Files stay owned by root: the process (user node) can read its code but not change it.
# package.json carries "type": "module", which the compiled output needs.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /build/dist ./dist
USER node
# 9464 serves /metrics and /health/live: keep it on the private network, never published
EXPOSE 9464
# live while its own heartbeat job keeps running (every WORKER_HEARTBEAT_SECONDS)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.METRICS_PORT || 9464) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The worker finishes its in-flight jobs and closes its queues on SIGTERM.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/worker/src/main.js"]
