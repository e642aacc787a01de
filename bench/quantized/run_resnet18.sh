#!/usr/bin/env bash
# The statically quantized ResNet-18 (QDQ) through Loom's CPU target and
# ONNX Runtime on the same random images, compared by top-1 (README.md):
#
#   bench/quantized/run_resnet18.sh BUILD_DIR WORK_DIR [BATCH]
#
# Exports the model with export_qdq_resnet18.py (batch BATCH, default 100),
# compiles it with loomc --target=cpu, runs it with loom-run, runs ONNX
# Runtime through node (bench/cpu's node_modules), and prints the top-1
# agreement of Loom, ONNX Runtime and the quantized PyTorch model.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 work=$2 batch=${3:-100}
mkdir -p "$work"

step() { # NAME COMMAND...: runs COMMAND and prints its time
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "$name took $(( SECONDS - start )) s"
}
step export /usr/bin/python3 "$here/export_qdq_resnet18.py" "$work" --batch "$batch"
step "loomc --target=cpu" "$bin/tools/loomc/loomc" "$work/resnet18_qdq.onnx" \
  --target=cpu -o "$work/resnet18_qdq.loom"
step loom-run "$bin/tools/loom-run/loom-run" "$work/resnet18_qdq.loom" \
  --input=@"$work/images.npy" --output=@"$work/loom_logits.npy"
step "ONNX Runtime" env NODE_PATH="$here/../cpu/node_modules" node \
  "$here/ort_run.js" "$work/resnet18_qdq.onnx" "$work/images.npy" \
  "$work/ort_logits.npy"
/usr/bin/python3 "$here/compare_top1.py" loom="$work/loom_logits.npy" \
  ort="$work/ort_logits.npy" pytorch="$work/torch_logits.npy"
