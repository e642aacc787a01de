#!/usr/bin/env bash
# One device against a mesh at the same total thread count, on real models:
#
#   bench/multi-device/models.sh BUILD_DIR MODELS_DIR [THREADS] [RUNS]
#
# Compiles each model for one device and for a mesh (loomc --mesh
# --parallel), times both with `loom-run --benchmark` on THREADS host
# threads in all (default 2: the devices share them), and prints a markdown
# table with each median and the mesh / one-device ratio. MODELS_DIR holds
# the exports of scripts/export_torch_models.py (made there when missing).
set -euo pipefail
build=$1 models=$2 threads=${3:-2} runs=${4:-20}
loomc=$build/tools/loomc/loomc
run=$build/tools/loom-run/loom-run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

configs=(
  # model          mesh               presets
  "gpt             model=2            tensor"
  "gpt_batch2      data=2             data"
  "gpt_batch2      data=2,model=2     data,tensor"
  "resnet18        model=2            tensor"
)
needed=()
for config in "${configs[@]}"; do
  read -r model _ <<<"$config"
  [[ -f $models/$model.onnx ]] || needed+=("$model")
done
if ((${#needed[@]})); then
  /usr/bin/python3 "$(dirname "$0")/../../scripts/export_torch_models.py" \
    "$models" $(printf '%s\n' "${needed[@]}" | sort -u) >/dev/null
fi

median() {
  "$run" "$1" --input=@"$2" --threads="$threads" --benchmark="$runs" |
    sed -n 's/.*"median_ms": \([0-9.]*\).*/\1/p'
}

echo "| model | mesh | presets | 1 device ms | mesh ms | mesh / 1 device |"
echo "|---|---|---|---|---|---|"
for config in "${configs[@]}"; do
  read -r model mesh presets <<<"$config"
  input=$models/$model.input.npy
  "$loomc" "$models/$model.onnx" -o "$work/one.loom"
  "$loomc" "$models/$model.onnx" --mesh="$mesh" --parallel="$presets" \
    -o "$work/mesh.loom"
  one=$(median "$work/one.loom" "$input")
  many=$(median "$work/mesh.loom" "$input")
  ratio=$(awk -v a="$many" -v b="$one" 'BEGIN { printf "%.2f", a / b }')
  echo "| $model | $mesh | $presets | $one | $many | $ratio |"
done
