#!/usr/bin/env bash
# Coverage-guided fuzzing of one of Loom's parsers with libFuzzer:
#   bash scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-FLAG...]
# TARGET is one of the names below (test/fuzz/CMakeLists.txt; docs/testing.md,
# "Fuzzing", says what each reads). Builds build-fuzz/ (clang, ASan and
# libFuzzer's coverage on all of Loom's code, -DLOOM_LIBFUZZER=ON) if needed,
# only the target and what it links, then fuzzes for SECONDS from its seeds.
# The corpus grows in build-fuzz/corpus/TARGET; a crash, leak, timeout or
# out-of-memory input is written to build-fuzz/crashes/TARGET/ and the script
# exits non-zero. The last line sums up the run; build-fuzz/fuzz-runs.tsv
# keeps one line per run. FUZZ_JOBS sets the build's parallelism.
set -euo pipefail
targets="onnx-import artifact-load npy tfrecord npz systolic-config systolic-asm
systolic-binary tensor-literal sharding-flags mlir-parse"
if [ $# -lt 2 ] || ! [[ " $(echo $targets) " == *" $1 "* ]] ||
   ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER-FLAG...]" >&2
  echo "targets: $(echo $targets)" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
fuzzer=$build/test/fuzz/loom-$target-fuzzer

if [ ! -f "$build/build.ninja" ]; then
  # -O1 and line tables: fast to build, readable stack traces; assertions on.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" \
    -DCMAKE_C_FLAGS_RELEASE="-O1 -gline-tables-only" \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DLOOM_LIBFUZZER=ON
fi
cmake --build "$build" --target "loom-$target-fuzzer" ${FUZZ_JOBS:+-j "$FUZZ_JOBS"}

# The seeds, copied flat (libFuzzer reads every file of a seed directory).
seeds=$build/seeds/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus/$target" "$build/crashes/$target"
copy() { # copy DIR EXTENSION...: every file of DIR with one of the extensions
  local dir=$1
  shift
  for extension in "$@"; do
    find -L "$dir" -type f -name "*$extension" | while read -r file; do
      cp "$file" "$seeds/$(echo "$file" | md5sum | cut -c1-16)$extension"
    done
  done
}
corpus=$root/test/fuzz/corpus/$target
case $target in
onnx-import) copy /usr/include/onnx/backend/test/data .onnx ;;
artifact-load)
  cmake --build "$build" --target loom-artifact-seeds ${FUZZ_JOBS:+-j "$FUZZ_JOBS"}
  "$build/test/fuzz/loom-artifact-seeds" "$seeds" ;;
npy) copy "$corpus" .npy ;;
tfrecord) copy "$corpus" .tfrecord ;;
npz) copy "$corpus" .npz ;;
systolic-config)
  copy "$corpus" .ini .cfg .csv
  copy "$root/test/systolic/Inputs" .cfg .csv
  copy "$root/test/systolic-codegen/Inputs" .ini ;;
systolic-asm) copy "$corpus" .s; copy "$root/test/systolic/Inputs" .s ;;
systolic-binary) copy "$corpus" .bin ;;
tensor-literal | sharding-flags) copy "$corpus" .txt ;;
mlir-parse)
  copy "$corpus" .mlir
  # Each `// -----` piece of the IR tests is a seed of its own.
  find "$root/test/IR" "$root/test/sharding" -name '*.mlir' | while read -r file; do
    awk -v out="$seeds/$(echo "$file" | md5sum | cut -c1-16)" '
      /^\/\/ -----$/ { ++piece; next }
      { print > (out "-" piece+0 ".mlir") }' "$file"
  done ;;
esac

log=$build/fuzz-$target.log
status=0
# LLVM's headers poison BumpPtrAllocator slabs in the instrumented code while
# the prebuilt libMLIR allocates from them unpoisoned: ASan would report
# reads of fresh attributes as use-after-poison. Manual poisoning is off.
export ASAN_OPTIONS=allow_user_poisoning=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
(cd "$build" && exec "$fuzzer" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$build/crashes/$target/" "$@" \
  "$build/corpus/$target" "$seeds") >"$log" 2>&1 || status=$?
# libFuzzer's progress lines are in the log; the rest is shown.
grep -v '^#[0-9]' "$log" | tail -n 60
executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
coverage=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$log" | tail -1)
crashes=$(ls "$build/crashes/$target" | wc -l)
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" \
  "$(git -C "$root" rev-parse --short HEAD)" "$target" "$seconds" \
  "${executions:-0}" "${coverage:-none}" "$crashes" >>"$build/fuzz-runs.tsv"
echo "fuzz.sh: $target ${seconds}s: ${executions:-0} executions, ${coverage:-no coverage}, $crashes file(s) in build-fuzz/crashes/$target"
exit "$status"
