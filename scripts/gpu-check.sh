#!/usr/bin/env bash
# Does this machine train on a GPU? From a fresh checkout: installs the project (npm ci) and
# @tensorflow/tfjs-node-gpu, then trains one epoch with TFJS_BACKEND=tensorflow-gpu, as a gpu
# worker would start, and prints the backend, the device and samples/s (scripts/gpu-check.ts).
# Exits non-zero when no GPU backend loads.
#
#   scripts/gpu-check.sh [--samples N] [--epochs N]
#
# Env:
#   TFJS_BACKEND=tensorflow     check the native CPU backend (@tensorflow/tfjs-node) instead
#   GPU_CHECK_INSTALL=0         check what node_modules already holds; install nothing
#   LIBTENSORFLOW_FROM_PYPI=1   for machines that reach package registries only: the tfjs-node
#       install script downloads libtensorflow from Google's storage, so instead install the
#       package without scripts, take libtensorflow 2.9.1 from the PyPI wheel (tensorflow for
#       the GPU build, tensorflow-cpu for the CPU one) and build the binding against the local
#       Node headers. Needs python3 with pip, a C/C++ compiler, make and nm. The GPU build also
#       needs CUDA 11.2 and cuDNN 8 libraries on the loader path (LD_LIBRARY_PATH).
#   GPU_CHECK_CACHE             where wheels are downloaded and unpacked (default .tools/libtensorflow)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

setting="${TFJS_BACKEND:-tensorflow-gpu}"
case "$setting" in
  tensorflow-gpu) package=@tensorflow/tfjs-node-gpu wheel=tensorflow ;;
  tensorflow) package=@tensorflow/tfjs-node wheel=tensorflow-cpu ;;
  *)
    echo "gpu-check: TFJS_BACKEND must be tensorflow-gpu (the default here) or tensorflow (got \"$setting\")" >&2
    exit 2
    ;;
esac
tfjs_version=4.22.0
# The libtensorflow that tfjs-node 4.22.0 is built for (its scripts/deps-constants.js).
libtensorflow_version=2.9.1
cache="${GPU_CHECK_CACHE:-.tools/libtensorflow}/$wheel-$libtensorflow_version"

say() { echo "gpu-check: $*" >&2; }

# libtensorflow from the Python wheel: _pywrap_tensorflow_internal.so exports the whole C API
# (TF_*, TFE_*) next to libtensorflow_framework.so.2. It also refers to the Python C API, which
# the binding never calls: a stub library defines those symbols so that the loader is satisfied.
build_from_wheel() {
  local dir="node_modules/$package"
  [[ "$(uname -m)" == x86_64 ]] || { say "LIBTENSORFLOW_FROM_PYPI needs x86_64 Linux (got $(uname -m))"; return 1; }
  if [[ ! -f "$cache/tensorflow/libtensorflow_framework.so.2" ]]; then
    mkdir -p "$cache"
    say "downloading $wheel==$libtensorflow_version from PyPI"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.10 --platform manylinux2014_x86_64 -d "$cache" "$wheel==$libtensorflow_version"
    python3 - "$cache" <<'EOF'
import glob, sys, zipfile
cache = sys.argv[1]
wanted = ('tensorflow/libtensorflow_framework.so.2', 'tensorflow/python/_pywrap_tensorflow_internal.so')
with zipfile.ZipFile(glob.glob(f'{cache}/*.whl')[0]) as wheel:
    for name in wheel.namelist():
        if name in wanted or name.startswith(('tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/core/platform/ctstring')):
            wheel.extract(name, cache)
EOF
  fi
  local lib="$dir/deps/lib"
  rm -rf "$dir/deps" && mkdir -p "$lib" "$dir/deps/include"
  cp -r "$cache/tensorflow/include/tensorflow" "$dir/deps/include/"
  cp "$cache/tensorflow/libtensorflow_framework.so.2" "$lib/"
  ln -s libtensorflow_framework.so.2 "$lib/libtensorflow_framework.so"
  cp "$cache/tensorflow/python/_pywrap_tensorflow_internal.so" "$lib/libtensorflow.so.2"
  # The binding records the library's soname, _pywrap_tensorflow_internal.so, as what it needs.
  ln -s libtensorflow.so.2 "$lib/_pywrap_tensorflow_internal.so"
  nm -D --undefined-only "$lib/libtensorflow.so.2" | awk '{print $2}' | grep -E '^_?Py' | sed 's/@.*//' | sort -u |
    awk 'BEGIN { print "#include <stdlib.h>" } { print "void " $1 "(void) { abort(); }" }' > "$lib/tfjs_pystub.c"
  cc -shared -fPIC -Wl,-soname,libtfjs_pystub.so -o "$lib/libtfjs_pystub.so" "$lib/tfjs_pystub.c"
  # binding.gyp links -ltensorflow: a linker script makes that pull in the stub as well.
  echo 'INPUT(libtensorflow.so.2 libtfjs_pystub.so)' > "$lib/libtensorflow.so"

  local nodedir node_gyp
  nodedir="${NODE_GYP_NODEDIR:-$(node -p "require('path').resolve(process.execPath, '../..')")}"
  [[ -f "$nodedir/include/node/node_api.h" ]] || { say "no Node headers under $nodedir/include/node (set NODE_GYP_NODEDIR)"; return 1; }
  node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  [[ -f "$node_gyp" ]] || { say "npm's bundled node-gyp is not at $node_gyp"; return 1; }
  say "building the $package binding against $nodedir/include/node"
  (cd "$dir" && npm_config_node_gyp="$node_gyp" ../../.bin/node-pre-gyp rebuild --build-from-source --nodedir="$nodedir" >&2)
}

# `npm install --no-save` drops a package that package.json lists as an optional peer, as it
# does both tfjs-node packages, and says "up to date" (npm/cli#9024): install it as a
# devDependency instead, then put package.json and the lockfile back as they were.
install_package() {
  local backup status=0
  backup="$(mktemp -d)"
  cp package.json package-lock.json "$backup/"
  trap 'cp "$backup/package.json" "$backup/package-lock.json" .' EXIT
  npm install --save-dev --no-audit --no-fund "$@" "$package@$tfjs_version" >&2 || status=$?
  cp "$backup/package.json" "$backup/package-lock.json" . && rm -rf "$backup" && trap - EXIT
  return "$status"
}

if [[ "${GPU_CHECK_INSTALL:-1}" == 1 ]]; then
  npm ci --no-audit --no-fund >&2
  if [[ "${LIBTENSORFLOW_FROM_PYPI:-0}" == 1 ]]; then
    install_package --ignore-scripts
    build_from_wheel || say "building $package from the PyPI wheel failed; checking anyway"
  elif ! install_package; then
    # Its install script downloads libtensorflow; the check below then says what loads instead.
    say "installing $package failed (LIBTENSORFLOW_FROM_PYPI=1 builds it from PyPI's wheel instead); checking anyway"
  fi
fi

TFJS_BACKEND="$setting" exec npx tsx scripts/gpu-check.ts "$@"
