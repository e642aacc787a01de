#!/usr/bin/env bash
# One exported model on the systolic target (ctest's systolic-model-* tests):
#
#   check_model.sh BIN_DIR MODELS_DIR MODEL
#
# Compiles MODELS_DIR/MODEL.onnx with `loomc --target=systolic`, runs the
# artifact with loom-run on MODEL.input.npy, and hands loom-run's output to
# loom-differential, which evaluates the model with the reference
# evaluator's Bf16Matmul mode and requires it bit for bit, and checks it
# against PyTorch's output (MODEL.output.npy) by relative L2 error within
# the target's 2e-2. Every step is bounded in time.
set -euo pipefail
bin=$1 models=$2 model=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=$models/$model.input.npy

timeout 600 "$bin/tools/loomc/loomc" "$models/$model.onnx" --target=systolic \
  -o "$work/$model.loom"
start=$(date +%s)
timeout 600 "$bin/tools/loom-run/loom-run" "$work/$model.loom" \
  --input=@"$input" --output=@"$work/output.npy"
echo "$model: loom-run took $(( $(date +%s) - start )) s on the systolic chip simulator"
timeout 600 "$bin/tools/loom-differential/loom-differential" \
  "$models/$model.onnx" --target=systolic --input=@"$input" \
  --actual=@"$work/output.npy" --expected=@"$models/$model.output.npy"
