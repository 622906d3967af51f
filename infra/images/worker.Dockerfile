# syntax=docker/dockerfile:1.7
# CPU worker image: workflows and CPU activities (extract, validate, evaluate, register) on the
# `cpu` task queue. Build from the repository root (see infra/README.md):
#   docker build -f infra/images/worker.Dockerfile \
#     --build-arg FACTORY_BUILD_ID="$(git describe --always --dirty)" -t model-factory-worker .
ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- build: the full dev toolchain compiles dist/ (JS, .d.ts and the prebuilt workflow bundle).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- deps: production dependencies plus the worker-side optional peers, at the locked versions.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json infra/images/worker-package.mjs ./
RUN --mount=type=cache,target=/root/.npm \
    node worker-package.mjs && npm install --omit=dev --no-audit --no-fund

# --- runtime: node, node_modules, dist/ and migrations/; no compiler, no sources, no npm cache.
FROM ${NODE_IMAGE} AS runtime
ARG FACTORY_BUILD_ID=""
ENV NODE_ENV=production \
    FACTORY_BUILD_ID=${FACTORY_BUILD_ID} \
    HEALTH_PORT=8080 \
    LOG_LEVEL=info \
    DATA_DIR=/tmp/factory
WORKDIR /app
# The original manifest: the worker reads its version from it (build id fallback).
COPY --chown=root:root package.json ./
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
COPY --from=build --chown=root:root /src/migrations ./migrations
# The code is owned by root and read-only to the worker; it writes only under /tmp (DATA_DIR, the
# compute pool's scratch), which Kubernetes mounts as an emptyDir so the root filesystem can stay
# read-only. `node` (uid 1000) is the unprivileged user of the official image.
USER 1000:1000
EXPOSE 8080
# GET /healthz answers 200 while the workers run, 503 while they start or drain.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.HEALTH_PORT,path:'/healthz',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
# SIGTERM drains the worker: in-flight activities get SHUTDOWN_GRACE, then it exits.
STOPSIGNAL SIGTERM
CMD ["node", "dist/workers/cpu-worker.js"]
