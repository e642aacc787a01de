#!/usr/bin/env bash
# One exported model sharded over a mesh of simulated systolic chips
# (ctest's systolic-multichip-* tests):
#
#   check_model.sh BIN_DIR MODELS_DIR MODEL MESH PRESETS TORUS RTOL ATOL
#
# Compiles MODELS_DIR/MODEL.onnx with `loomc --target=systolic --mesh=MESH
# --parallel=PRESETS` (every collective a kernel that moves data between
# chips with send and recv), runs the artifact with loom-run on one
# simulated System whose chip config has ici.torus = TORUS (a chip per
# device of the mesh), and hands loom-run's output to loom-differential,
# which evaluates the one-device model with the reference evaluator's
# Bf16Matmul mode: bit for bit with RTOL and ATOL 0 (no collective changes
# the order of a sum), else within them; and within the target's 2e-2
# relative L2 error of PyTorch's output (MODEL.output.npy). loom-run's
# profile (per kernel and per chip, link bytes and stalls) goes to the log.
# Every step is bounded in time.
set -euo pipefail
bin=$1 models=$2 model=$3 mesh=$4 presets=$5 torus=$6 rtol=$7 atol=$8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=$models/$model.input.npy
printf '[ici]\ntorus = %s\n' "$torus" > "$work/chip.cfg"

timeout 600 "$bin/tools/loomc/loomc" "$models/$model.onnx" --target=systolic \
  --mesh="$mesh" --parallel="$presets" --chip-config="$work/chip.cfg" \
  -o "$work/$model.loom"
start=$(date +%s)
timeout 600 "$bin/tools/loom-run/loom-run" "$work/$model.loom" \
  --input=@"$input" --output=@"$work/output.npy" \
  --chip-config="$work/chip.cfg" --profile
echo "$model on $mesh ($presets): loom-run took $(( $(date +%s) - start )) s" \
     "on $torus simulated chips"
tolerance=()
if [ "$rtol" != 0 ] || [ "$atol" != 0 ]; then
  tolerance=(--rtol="$rtol" --atol="$atol")
fi
timeout 600 "$bin/tools/loom-differential/loom-differential" \
  "$models/$model.onnx" --target=systolic --input=@"$input" \
  --actual=@"$work/output.npy" --expected=@"$models/$model.output.npy" \
  "${tolerance[@]}"
