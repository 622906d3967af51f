# syntax=docker/dockerfile:1.7
# GPU worker image: training activities on the `gpu` task queue, on libtensorflow's CUDA build.
# @tensorflow/tfjs-node-gpu 4.22.0 loads libtensorflow 2.9.1, which is built against CUDA 11.2 and
# cuDNN 8.1 (TensorFlow's tested build configurations; the tfjs-node README asks for "CUDA 11.2 w/
# CUDNN v8"), so the base is NVIDIA's CUDA 11.2 runtime with cuDNN 8. The host needs an NVIDIA
# driver >= 460 and the NVIDIA container toolkit. Build from the repository root:
#   docker build -f infra/images/gpu-worker.Dockerfile \
#     --build-arg FACTORY_BUILD_ID="$(git describe --always --dirty)" -t model-factory-gpu-worker .
ARG NODE_IMAGE=node:20.19-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04
ARG TFJS_NODE_GPU_VERSION=4.22.0

# Node's own binaries, copied into the CUDA base (glibc 2.31 there; Node 20 needs >= 2.28).
FROM ${NODE_IMAGE} AS node

# --- build: the same compile as the cpu image.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- deps: on the CUDA base itself, so tfjs-node-gpu's install step fetches the libtensorflow GPU
# build and its N-API binding for this OS. (It downloads them at install time: this stage needs
# network access to the TensorFlow release storage.)
FROM ${CUDA_IMAGE} AS deps
ARG TFJS_NODE_GPU_VERSION
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json infra/images/worker-package.mjs ./
RUN --mount=type=cache,target=/root/.npm \
    node worker-package.mjs --with "@tensorflow/tfjs-node-gpu@${TFJS_NODE_GPU_VERSION}" \
 && npm install --omit=dev --no-audit --no-fund \
 && node -e "require('@tensorflow/tfjs-node-gpu/package.json')"

# --- runtime: CUDA runtime + cuDNN, node, node_modules, dist/, migrations/.
FROM ${CUDA_IMAGE} AS runtime
ARG FACTORY_BUILD_ID=""
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --no-create-home --shell /usr/sbin/nologin node
# TFJS_BACKEND=tensorflow-gpu makes the worker train with @tensorflow/tfjs-node-gpu on a GPU
# device or refuse to start and say why, instead of quietly training on the CPU or wasm. TF_FORCE_GPU_ALLOW_GROWTH keeps
# TensorFlow from reserving the whole GPU memory at the first op.
ENV NODE_ENV=production \
    FACTORY_BUILD_ID=${FACTORY_BUILD_ID} \
    HEALTH_PORT=8080 \
    LOG_LEVEL=info \
    DATA_DIR=/tmp/factory \
    TFJS_BACKEND=tensorflow-gpu \
    TF_FORCE_GPU_ALLOW_GROWTH=true \
    TF_CPP_MIN_LOG_LEVEL=1 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
WORKDIR /app
COPY --chown=root:root package.json ./
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
COPY --from=build --chown=root:root /src/migrations ./migrations
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.HEALTH_PORT,path:'/healthz',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/workers/gpu-worker.js"]
