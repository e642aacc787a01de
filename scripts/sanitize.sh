#!/usr/bin/env bash
# Builds Loom with AddressSanitizer + UndefinedBehaviorSanitizer into its own
# build directory (build-asan/, or $LOOM_SANITIZE_BUILD_DIR) and runs the
# ctest suite there. Any ASan, LSan or UBSan report fails the test that hit
# it, and so this script. CI runs it after the normal suite
# (scripts/run-tests.sh); docs/testing.md ("Sanitizers") says what it
# covers and what it costs.
#
# Kernel libraries the CPU backend generates at run time (LLVM + lld, then
# dlopen) are not instrumented; everything Loom compiles from source is.
#
#   scripts/sanitize.sh                 configure, build, run the suite
#   scripts/sanitize.sh -R collectives  extra arguments go to ctest
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOOM_SANITIZE_BUILD_DIR:-$root/build-asan}
jobs=${LOOM_SANITIZE_JOBS:-$(nproc)}

# -O1 keeps the instrumented build and the suite fast enough for CI; -g1
# gives the reports file:line. vptr is off: LLVM and MLIR are built without
# RTTI, which -fsanitize=vptr needs. Every UBSan finding is fatal.
flags="-O1 -g1 -DNDEBUG -fno-omit-frame-pointer"
flags+=" -fsanitize=address,undefined -fno-sanitize=vptr"
flags+=" -fno-sanitize-recover=undefined"

# The two CPU conformance runs compile about 800 models each through LLVM:
# instrumented, one case in $sample runs (test/CMakeLists.txt).
sample=${LOOM_CONFORMANCE_SAMPLE:-4}

start=$(date +%s)
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_C_FLAGS_SANITIZE="$flags" \
  -DCMAKE_CXX_FLAGS_SANITIZE="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS_SANITIZE="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS_SANITIZE="-fsanitize=address,undefined" \
  -DCMAKE_MODULE_LINKER_FLAGS_SANITIZE="-fsanitize=address,undefined" \
  -DLOOM_CONFORMANCE_SAMPLE="$sample" \
  >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j "$jobs"
built=$(date +%s)
echo "sanitize: build finished in $(( built - start )) s"

# Leaks inside third-party libraries we cannot fix are suppressed by name in
# scripts/lsan.supp (each entry says why); Loom's own leaks are never
# suppressed. The symbolizer gives reports file:line.
# allow_user_poisoning=0: LLVM's headers poison BumpPtrAllocator slabs in
# the code compiled here (instrumented), while Debian's libLLVM and lld,
# which allocate from the same allocators, are not instrumented and never
# unpoison them; the result is false "use-after-poison" reports inside lld
# and MLIR. Ignoring manual poisoning keeps every report ASan's own.
export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0:strict_init_order=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in /usr/lib/llvm-22/bin/llvm-symbolizer "$(command -v llvm-symbolizer || true)"; do
    if [ -x "$s" ]; then export ASAN_SYMBOLIZER_PATH=$s; break; fi
  done
fi

# Tests that start Open MPI jobs (label mpi) take the slow unwinder on
# malloc (cmake/LoomTestEnvironment.cmake says why); the others keep the
# fast one. Tests labelled large-model (whole networks of test/models other
# than the MLP) are left out here; LOOM_SANITIZE_LARGE_MODELS=1 keeps them.
args=(--output-on-failure -j "$jobs")
[ "${LOOM_SANITIZE_LARGE_MODELS:-0}" = 1 ] || args+=(-LE large-model)
status=0
ctest --test-dir "$build" "${args[@]}" "$@" || status=$?
echo "sanitize: tests finished in $(( $(date +%s) - built )) s (total $(( $(date +%s) - start )) s)"
exit $status
