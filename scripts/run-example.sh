#!/usr/bin/env bash
# README command 1: set up, build, and run the main job on a bundled model.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
build=${LOOM_BUILD_DIR:-$root/build}
artifact=${TMPDIR:-/tmp}/mlp.loom
# The main job compiles the example perceptron for this machine's CPU (the
# report lists its kernels and buffer plan) and runs the artifact on a fixed
# input: element i of the 4x8 input is i/16 - 1, the same input the C
# embedding example (examples/embed) uses.
"$build/tools/loomc/loomc" "$root/examples/mlp.mlir" -o "$artifact" --report
"$build/tools/loom-run/loom-run" "$artifact" \
  --input=4x8xf32=-1,-0.9375,-0.875,-0.8125,-0.75,-0.6875,-0.625,-0.5625,-0.5,-0.4375,-0.375,-0.3125,-0.25,-0.1875,-0.125,-0.0625,0,0.0625,0.125,0.1875,0.25,0.3125,0.375,0.4375,0.5,0.5625,0.625,0.6875,0.75,0.8125,0.875,0.9375
