#!/usr/bin/env bash
# One exported model through a compiled target (ctest's cpu-model-* tests):
#
#   check_model.sh BIN_DIR MODELS_DIR MODEL TARGET MAX_RELATIVE_L2 [FLAG...]
#
# Compiles MODELS_DIR/MODEL.onnx with `loomc --target=TARGET`, runs the
# artifact with loom-run on MODEL.input.npy, and hands loom-run's output to
# loom-differential, which holds it to the reference evaluator (the
# target's numerics: f32 element by element at rtol 1e-4, atol 1e-5 for
# the CPU) and to PyTorch's output (MODEL.output.npy) by relative L2 error
# within MAX_RELATIVE_L2; FLAGs go to loom-differential (e.g. --atol=X).
# Every step is bounded in time; prints each step's time.
set -euo pipefail
bin=$1 models=$2 model=$3 target=$4 bound=$5
shift 5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=$models/$model.input.npy

step() { # NAME COMMAND...: runs COMMAND within 600 s and prints its time
  local name=$1 start=$SECONDS
  shift
  timeout 600 "$@"
  echo "$model: $name took $(( SECONDS - start )) s"
}
step "loomc --target=$target" "$bin/tools/loomc/loomc" "$models/$model.onnx" \
  --target="$target" -o "$work/$model.loom"
step loom-run "$bin/tools/loom-run/loom-run" "$work/$model.loom" \
  --input=@"$input" --output=@"$work/output.npy"
step loom-differential "$bin/tools/loom-differential/loom-differential" \
  "$models/$model.onnx" --target="$target" --input=@"$input" \
  --actual=@"$work/output.npy" --expected=@"$models/$model.output.npy" \
  --expected-rel-l2="$bound" "$@"
