#!/usr/bin/env bash
# README command 1: set up, build, and run the main job on a bundled model.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
build=${LOOM_BUILD_DIR:-$root/build}
# Until code generation lands, the main job parses, verifies, refines,
# constant-folds and canonicalizes the example graph and prints it.
"$build/tools/loom-opt/loom-opt" "$root/examples/mlp.mlir" \
  --loom-refine-shapes --loom-fold-constants --canonicalize --cse
