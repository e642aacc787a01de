#!/usr/bin/env bash
# One model on one device and on a mesh (ctest's multi-device-* tests):
#
#   check_model.sh BIN_DIR MODELS_DIR MODEL MESH PRESETS ALL_REDUCES OTHER \
#                  RTOL ATOL [RANKS...]
#
# Compiles MODELS_DIR/MODEL.onnx for one device and checks its output against
# PyTorch's; compiles it for MESH with the PRESETS (loomc --mesh --parallel)
# and checks the report's collectives (ALL_REDUCES all-reduces and OTHER
# collectives of other kinds); runs the mesh artifact in process and checks
# it against the one-device output at RTOL/ATOL (0/0: bit for bit); then,
# for each of RANKS, runs it under `mpirun -np RANKS` and checks that the
# output is the in-process one byte for byte. Every run is bounded in time.
set -euo pipefail
bin=$1 models=$2 model=$3 mesh=$4 presets=$5 allReduces=$6 others=$7
rtol=$8 atol=$9
shift 9
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
loomc=$bin/tools/loomc/loomc
run=$bin/tools/loom-run/loom-run
input=$models/$model.input.npy

"$loomc" "$models/$model.onnx" -o "$work/one.loom"
timeout 300 "$run" "$work/one.loom" --input=@"$input" --output=@"$work/one.npy" \
  --expected=@"$models/$model.output.npy" --rtol=1e-3 --atol=1e-4

"$loomc" "$models/$model.onnx" --mesh="$mesh" --parallel="$presets" \
  -o "$work/mesh.loom" --report=json > "$work/report.json"
count() { { grep -o "\"kind\":\"$1\"" "$work/report.json" || true; } | wc -l; }
reduces=$(count all_reduce)
rest=$(( $(count all_gather) + $(count reduce_scatter) + $(count all_to_all) ))
echo "$model on $mesh ($presets): $reduces all-reduces, $rest other collectives"
if [ "$reduces" != "$allReduces" ] || [ "$rest" != "$others" ]; then
  echo "error: expected $allReduces all-reduces and $others other collectives" >&2
  exit 1
fi

timeout 300 "$run" "$work/mesh.loom" --input=@"$input" --output=@"$work/mesh.npy" \
  --expected=@"$work/one.npy" --rtol="$rtol" --atol="$atol"
if [ "$rtol" = 0 ] && [ "$atol" = 0 ]; then
  cmp "$work/one.npy" "$work/mesh.npy"
  echo "bit-identical to one device"
fi

for ranks in "$@"; do
  timeout 300 mpirun --allow-run-as-root --oversubscribe --mca pml ob1 \
    --mca btl self,vader -np "$ranks" \
    "$run" "$work/mesh.loom" --input=@"$input" --output=@"$work/mpi$ranks.npy"
  cmp "$work/mesh.npy" "$work/mpi$ranks.npy"
  echo "mpirun -np $ranks: byte-identical to the in-process run"
done
