#!/usr/bin/env bash
# The CUDA backend's checks that need a GPU (docs/cuda.md), prepared to run
# in a few minutes on a machine with an NVIDIA GPU and driver (an H100 or
# H200) from an existing build:
#
#   scripts/gpu-check.sh [BUILD_DIR]     (default: build)
#
# It builds nothing: BUILD_DIR must hold loomc (with the cuda target),
# loom-run and loom-differential. Without a GPU it prints one line saying so
# and exits 0, having run nothing. With one, it
#  1. prints the GPU (nvidia-smi) and runs a tiny artifact through
#     `loom-run --device=cuda:0`, checking its outputs exactly;
#  2. runs loom-differential --target=cuda over the elementwise, fused, nn,
#     matmul and reductions files of test/codegen (every function on seeded random inputs, the GPU's
#     outputs against the reference evaluator);
#  3. where the exported models of test/models are at hand (ctest's
#     export-torch-models fixture wrote BUILD_DIR/test/models/*.onnx), runs
#     each through test/models/check_model.sh with --target=cuda: loomc,
#     loom-run on the GPU, loom-differential against the evaluator and
#     against PyTorch's output (relative L2 1e-4).
# Each step prints PASS or FAIL and its time; the script exits 1 when any
# step failed. Nothing of it has run on a GPU yet (docs/cuda.md).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
build=$(cd "$build" 2>/dev/null && pwd || echo "$build")

# --- Is there a GPU? ---------------------------------------------------------
have_driver() {
  # libcuda.so.1 is what the runtime's cuda driver opens.
  ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 ' && return 0
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/nvidia/lib64 \
             /usr/lib/wsl/lib; do
    [ -e "$dir/libcuda.so.1" ] && return 0
  done
  return 1
}
if ! have_driver; then
  echo "gpu-check: no GPU: the NVIDIA driver library libcuda.so.1 is not on this machine; nothing was run"
  exit 0
fi
if command -v nvidia-smi >/dev/null 2>&1; then
  if ! gpus=$(nvidia-smi --query-gpu=name,driver_version,memory.total \
                --format=csv,noheader 2>/dev/null) || [ -z "$gpus" ]; then
    echo "gpu-check: no GPU: nvidia-smi finds no usable GPU; nothing was run"
    exit 0
  fi
  echo "gpu-check: GPUs: $gpus"
fi

loomc=$build/tools/loomc/loomc
loomrun=$build/tools/loom-run/loom-run
differential=$build/tools/loom-differential/loom-differential
for tool in "$loomc" "$loomrun" "$differential"; do
  if [ ! -x "$tool" ]; then
    echo "gpu-check: $tool is missing: build loomc, loom-run and loom-differential first (ninja -C $build loomc loom-run loom-differential)"
    exit 1
  fi
done
if ! "$loomc" --help-targets 2>/dev/null | grep -q '^ *cuda'; then
  echo "gpu-check: $loomc has no cuda target (configure with -DLOOM_ENABLE_CUDA=ON where a CUDA toolkit is)"
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
step() { # NAME COMMAND...: runs COMMAND (10 minutes at most), PASS or FAIL
  local name=$1 start=$SECONDS
  shift
  if timeout 600 "$@" > "$work/step.log" 2>&1; then
    echo "PASS $name ($(( SECONDS - start )) s)"
  else
    echo "FAIL $name ($(( SECONDS - start )) s):"
    tail -n 20 "$work/step.log" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

# --- 1. A tiny artifact, outputs checked exactly -----------------------------
cat > "$work/add.mlir" <<'MLIR'
func.func @main(%x: tensor<2x4xf32> {loom.name = "x"}, %y: tensor<2x4xf32> {loom.name = "y"}) -> (tensor<2x4xf32> {loom.name = "z"}, tensor<2xf32> {loom.name = "s"}) {
  %two = loom.constant dense<2.0> : tensor<f32>
  %w = loom.add %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %z = loom.mul %w, %two : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %s = loom.reduce_sum %z axes [1] : (tensor<2x4xf32>) -> tensor<2xf32>
  return %z, %s : tensor<2x4xf32>, tensor<2xf32>
}
MLIR
step "loomc --target=cuda (tiny model)" \
  "$loomc" "$work/add.mlir" --target=cuda -o "$work/add.loom"
step "loom-run --device=cuda:0 (tiny model, exact outputs)" \
  "$loomrun" "$work/add.loom" --device=cuda:0 \
  --input=2x4xf32=1,2,3,4,5,6,7,8 --input=2x4xf32=1,1,1,1,1,1,1,1 \
  --expected=2x4xf32=4,6,8,10,12,14,16,18 --expected=2xf32=28,60 \
  --rtol=0 --atol=0

# --- 2. Fused kernels against the reference evaluator ------------------------
for file in elementwise fused nn matmul reductions; do
  if [ -f "$root/test/codegen/$file.mlir" ]; then
    step "loom-differential --target=cuda test/codegen/$file.mlir" \
      "$differential" "$root/test/codegen/$file.mlir" --target=cuda
  fi
done

# --- 3. The exported models against PyTorch ----------------------------------
models=$build/test/models
if ls "$models"/*.onnx >/dev/null 2>&1; then
  for model in mlp gpt resnet18 mobilenet_v2; do
    [ -f "$models/$model.onnx" ] || continue
    step "model $model on cuda against PyTorch" \
      bash "$root/test/models/check_model.sh" "$build" "$models" "$model" \
      cuda 1e-4
  done
else
  echo "SKIP models: no exported models in $models (run: ctest --test-dir $build -R export-torch-models)"
fi

if [ "$failures" -ne 0 ]; then
  echo "gpu-check: $failures step(s) failed"
  exit 1
fi
echo "gpu-check: every step passed"
