#!/usr/bin/env bash
# README command 2 (and CI): set up, build, and run every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
build=${LOOM_BUILD_DIR:-$root/build}
echo "build finished in $(( $(date +%s) - start )) s"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
