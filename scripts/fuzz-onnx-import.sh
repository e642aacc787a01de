#!/usr/bin/env bash
# Coverage-guided fuzzing of the ONNX importer with libFuzzer:
#   bash scripts/fuzz-onnx-import.sh [SECONDS]
# Builds a separate tree with clang (-DLOOM_LIBFUZZER=ON, ASan) and fuzzes
# from the ONNX backend test data's models. Crashes land in build-fuzz/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=$root/build-fuzz
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DLOOM_LIBFUZZER=ON
cmake --build "$build" --target loom-onnx-import-fuzzer
corpus=$build/onnx-corpus
mkdir -p "$corpus"
find -L /usr/include/onnx/backend/test/data -name model.onnx | while read -r model; do
  cp "$model" "$corpus/$(echo "$model" | md5sum | cut -c1-16).onnx"
done
cd "$build"
./test/fuzz/loom-onnx-import-fuzzer -max_total_time="$seconds" -rss_limit_mb=4096 "$corpus"
