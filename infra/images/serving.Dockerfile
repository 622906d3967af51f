# syntax=docker/dockerfile:1.7
# Prediction service image: serves the registry's champions over HTTP
# (POST /v1/models/{model}:predict), splits traffic as deploy_model sets it and logs every
# prediction to PostgreSQL. Build from the repository root (see infra/README.md):
#   docker build -f infra/images/serving.Dockerfile \
#     --build-arg FACTORY_BUILD_ID="$(git describe --always --dirty)" -t model-factory-serving .
ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- build: the full dev toolchain compiles dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- deps: the worker's dependency set at the locked versions. The service runs on the same
# optional peers (tfjs to score, pg, the AWS SDK to read models, hono to serve), so it shares
# worker-package.mjs rather than keeping a second manifest in step.
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
    SERVE_HOST=0.0.0.0 \
    SERVE_PORT=8501 \
    LOG_LEVEL=info \
    DATA_DIR=/tmp/factory
WORKDIR /app
COPY --chown=root:root package.json ./
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
COPY --from=build --chown=root:root /src/migrations ./migrations
# Read-only code owned by root; the service writes nothing but /tmp.
USER 1000:1000
EXPOSE 8501
# GET /healthz: the process answers. Readiness (a champion loaded) is GET /readyz, for the load balancer.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.SERVE_PORT,path:'/healthz',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
# SIGTERM stops taking requests, lets in-flight ones finish and flushes the prediction log.
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli/serve.js"]
