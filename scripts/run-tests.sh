#!/usr/bin/env bash
# README command 2 (and CI): set up, build, and run every test; then build
# Loom again with AddressSanitizer and UndefinedBehaviorSanitizer in its own
# directory (build-asan/) and run the suite there (scripts/sanitize.sh).
# Any ASan, LeakSanitizer or UBSan report fails its test, and so this script.
#
# The instrumented pass runs the whole suite except the tests labelled
# large-model (whole networks bigger than the MLP, minutes each
# instrumented), with one case in four of the two CPU conformance runs
# (each compiles about 800 models through LLVM: over 20 minutes
# instrumented), to keep CI inside its 90 minutes on 2 cores
# (docs/testing.md, "Sanitizers", has the times).
# LOOM_SANITIZE_LARGE_MODELS=1 keeps the large models,
# LOOM_CONFORMANCE_SAMPLE replaces the sample (1: every case),
# LOOM_SANITIZE_EXCLUDE names tests to leave out (a ctest -E regex), and
# LOOM_SANITIZE=0 leaves the instrumented pass out, for a quick local run.
# CI always runs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
build=${LOOM_BUILD_DIR:-$root/build}
echo "build finished in $(( $(date +%s) - start )) s"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
echo "tests finished in $(( $(date +%s) - start )) s"
if [ "${LOOM_SANITIZE:-1}" != 0 ]; then
  exclude=${LOOM_SANITIZE_EXCLUDE:-}
  # Instrumented code runs several times slower: ctest's limit is 1500 s
  # there (lit-codegen is the slowest test, about 400 s on a loaded VM).
  args=(--timeout 1500)
  [ -z "$exclude" ] || args+=(-E "$exclude")
  bash "$root/scripts/sanitize.sh" "${args[@]}"
  echo "sanitizer pass finished in $(( $(date +%s) - start )) s"
fi
