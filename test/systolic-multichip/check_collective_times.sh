#!/usr/bin/env bash
# The collectives of a sharded model on simulated systolic chips against
# their alpha-beta prediction (ctest's systolic-collectives-* tests):
#
#   check_collective_times.sh BIN_DIR MODELS_DIR MODEL MESH PRESETS TORUS \
#                             RTOL ATOL [LOOMC_FLAGS...]
#
# Compiles MODELS_DIR/MODEL.onnx with `loomc --target=systolic --mesh=MESH
# --parallel=PRESETS --report=json` (each collective a kernel whose report
# entry carries the predicted cycles of backends/systolic/codegen/
# Collective.cpp's model), runs it with `loom-run --profile` on a torus of
# TORUS chips, and requires every collective kernel's simulated cycles to be
# within 10% of its prediction, and the output to match the one-device
# evaluator's Bf16Matmul mode within RTOL/ATOL (loom-differential; 0 and 0:
# bit for bit).
set -euo pipefail
bin=$1 models=$2 model=$3 mesh=$4 presets=$5 torus=$6 rtol=$7 atol=$8
shift 8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=$models/$model.input.npy
printf '[ici]\ntorus = %s\n' "$torus" > "$work/chip.cfg"

timeout 600 "$bin/tools/loomc/loomc" "$models/$model.onnx" --target=systolic \
  --mesh="$mesh" --parallel="$presets" --chip-config="$work/chip.cfg" "$@" \
  -o "$work/$model.loom" --report=json > "$work/report.json"
timeout 600 "$bin/tools/loom-run/loom-run" "$work/$model.loom" \
  --input=@"$input" --output=@"$work/output.npy" \
  --chip-config="$work/chip.cfg" --profile > "$work/profile.txt" 2>&1
python3 - "$work/report.json" "$work/profile.txt" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
measured = {}
for line in open(sys.argv[2]):
    fields = line.split()
    if len(fields) > 2 and fields[1] == "1" and fields[2].isdigit():
        measured[fields[0]] = int(fields[2])
worst = 0.0
for row in report["collectives"]:
    cycles = measured[row["kernel"]]
    error = (row["predicted_cycles"] - cycles) / cycles
    print(f'{row["kernel"]}: {row["kind"]} of {row["bytes"]} bytes over '
          f'{row["devices"]} chips: simulated {cycles} cycles, predicted '
          f'{row["predicted_cycles"]} ({error:+.1%})')
    worst = max(worst, abs(error))
if not report["collectives"]:
    sys.exit("error: the report has no collectives")
if worst > 0.10:
    sys.exit(f"error: a prediction is {worst:.1%} off the simulated time")
PY
tolerance=()
if [ "$rtol" != 0 ] || [ "$atol" != 0 ]; then
  tolerance=(--rtol="$rtol" --atol="$atol")
fi
timeout 600 "$bin/tools/loom-differential/loom-differential" \
  "$models/$model.onnx" --target=systolic --input=@"$input" \
  --actual=@"$work/output.npy" --expected=@"$models/$model.output.npy" \
  "${tolerance[@]}"
