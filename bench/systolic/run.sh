#!/usr/bin/env bash
# Loom's systolic benchmarks on the simulated chip: per-layer MXU
# utilization of ResNet-50 and the GPT decoder beside SCALE-Sim's analytic
# utilization, weak scaling of data-parallel ResNet-50 over simulated chips,
# and compile and simulation times per model; prints the tables and writes
# docs/benchmarks-systolic.md. See bench/systolic/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/systolic/run.sh [OPTIONS]

  --quick             weak scaling on 1, 2 and 4 chips only, and the timing
                      table for the layer models only
  --layer-models=LIST per-layer utilization tables, comma-separated, or
                      "none" (default: resnet50_batch8,resnet50,gpt)
  --models=LIST       compile and simulation times, comma-separated, or
                      "none" (default: mlp,resnet18,resnet50,resnet50_batch8,
                      mobilenet_v2,gpt)
  --chips=LIST        weak-scaling chip counts, comma-separated, the first
                      the baseline, or "none" (default: 1,2,4,8,16)
  --batch-per-chip=B  ResNet-50 images per chip in the weak scaling (default 1)
  --build-dir=DIR     Loom build holding tools/loomc/loomc,
                      tools/loom-run/loom-run, simulator/loom-sim/loom-sim and
                      test/models (default: build)
  --work-dir=DIR      exports, artifacts and results
                      (default: BUILD_DIR/bench-systolic)
  --timeout=SECONDS   limit for each loomc or loom-run call (default 900)
  --no-docs           print the tables only; do not write the docs page
  -h, --help          this text
EOF
}

die() {
  echo "bench/systolic/run.sh: $*" >&2
  exit 1
}
trap 'echo "bench/systolic/run.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$repo/bench/systolic
# Debian's python3 has PyTorch, torchvision and numpy; a pyenv python3 on
# PATH may not.
python=/usr/bin/python3

all_models=mlp,resnet18,resnet50,resnet50_batch8,mobilenet_v2,gpt
layer_models=resnet50_batch8,resnet50,gpt
models="" chips="" quick=0 batch_per_chip=1 timeout=900
build_dir=$repo/build work_dir="" docs=$repo/docs/benchmarks-systolic.md

positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"; }

for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --layer-models=*) layer_models=${arg#*=} ;;
    --models=*) models=${arg#*=} ;;
    --chips=*) chips=${arg#*=} ;;
    --batch-per-chip=*) batch_per_chip=${arg#*=}; positive --batch-per-chip "$batch_per_chip" ;;
    --build-dir=*) build_dir=$(realpath -m "${arg#*=}") ;;
    --work-dir=*) work_dir=$(realpath -m "${arg#*=}") ;;
    --timeout=*) timeout=${arg#*=}; positive --timeout "$timeout" ;;
    --no-docs) docs="" ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$arg'" ;;
  esac
done
if ((quick)); then
  chips=${chips:-1,2,4}
  models=${models:-$layer_models}
else
  chips=${chips:-1,2,4,8,16}
  models=${models:-$all_models}
fi
work_dir=${work_dir:-$build_dir/bench-systolic}
[[ $layer_models == none ]] && layer_models=""
[[ $models == none ]] && models=""
[[ $chips == none ]] && chips=""
IFS=, read -r -a layer_list <<<"$layer_models"
IFS=, read -r -a model_list <<<"$models"
IFS=, read -r -a chip_list <<<"$chips"
for model in "${layer_list[@]}" "${model_list[@]}"; do
  [[ ,$all_models, == *,$model,* ]] || die "unknown model '$model'; known: $all_models"
done
for n in "${chip_list[@]}"; do positive "a chip count" "$n"; done
((${#layer_list[@]} + ${#model_list[@]} + ${#chip_list[@]})) || die "nothing to do"

test_models=$build_dir/test/models
mkdir -p "$work_dir"
results=$work_dir/results
rm -rf "$results"
mkdir -p "$results" "$work_dir/models" "$work_dir/loom" "$work_dir/bin"

# The tools are copied once, so that a rebuild of BUILD_DIR during the run
# (a shared build) cannot change or remove them halfway; a tool being linked
# right now is waited for (up to five minutes).
for tool in tools/loomc/loomc tools/loom-run/loom-run simulator/loom-sim/loom-sim; do
  for _ in $(seq 150); do
    [[ -x $build_dir/$tool ]] && "$build_dir/$tool" --help >/dev/null 2>&1 && break
    sleep 2
  done
  [[ -x $build_dir/$tool ]] ||
    die "$build_dir/$tool is not built (ninja -C $build_dir loomc loom-run loom-sim)"
  cp "$build_dir/$tool" "$work_dir/bin/"
done
# The commit measured (the tools' tree), for the page.
{
  git -C "$repo" rev-parse --short=12 HEAD
  [[ -z $(git -C "$repo" status --porcelain --untracked-files=no) ]] ||
    echo "(with uncommitted changes in the tree)"
} >"$results/commit" 2>/dev/null || echo unknown >"$results/commit"
loomc=$work_dir/bin/loomc
loom_run=$work_dir/bin/loom-run
loom_sim=$work_dir/bin/loom-sim

# The exported models (test/models, or the CPU benchmark's export script).
model_file() {
  local name=$1
  if [[ -f $test_models/$name.onnx && -f $test_models/$name.input.npy ]]; then
    echo "$test_models/$name"
  else
    echo "$work_dir/models/$name"
  fi
}
missing=()
for model in "${layer_list[@]}" "${model_list[@]}"; do
  stem=$(model_file "$model")
  [[ -f $stem.onnx && -f $stem.input.npy ]] || missing+=("$model")
done
if ((${#missing[@]})); then
  echo "== exporting ${missing[*]} with PyTorch"
  "$python" "$repo/scripts/export_torch_models.py" "$work_dir/models" \
    $(printf '%s\n' "${missing[@]}" | sort -u) || die "exporting ${missing[*]} failed"
fi

# Runs a command under the timeout with stdout and stderr in LOG, and writes
# its wall seconds to TIME when it succeeds; a failure is left for
# report.py (its row says so) and named here.
timed() {
  local log=$1 time=$2
  shift 2
  local start end
  start=$(date +%s.%N)
  if timeout "$timeout" "$@" >"$log" 2>&1; then
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >"$time"
    return 0
  fi
  echo "   failed: $(tail -n 1 "$log")"
  return 1
}

# --- one chip: compile, dispatches, profile ---------------------------------
declare -A done_models=()
for model in "${layer_list[@]}" "${model_list[@]}"; do
  [[ -n ${done_models[$model]:-} ]] && continue
  done_models[$model]=1
  stem=$(model_file "$model")
  artifact=$work_dir/loom/$model.loom
  echo "== $model: loomc --target=systolic"
  timed "$results/$model.loomc.log" "$results/$model.loomc.time" \
    "$loomc" "$stem.onnx" --target=systolic -o "$artifact" || continue
  if [[ ,$layer_models, == *,$model,* ]]; then
    # The kernels' shapes; the constants' hex (hundreds of MB) is dropped.
    timeout "$timeout" "$loomc" "$stem.onnx" --target=systolic --emit=dispatches |
      sed -E 's/dense<"0x[0-9A-Fa-f]+">/dense<"0x">/g' >"$results/$model.dispatches.mlir" ||
      echo "   --emit=dispatches failed"
  fi
  echo "== $model: loom-run --profile"
  timed "$results/$model.run.log" "$results/$model.run.time" \
    "$loom_run" "$artifact" --input=@"$stem.input.npy" \
    --output=@"$work_dir/loom/$model.output.npy" --profile || continue
  head -n 1 "$results/$model.run.log"
done

# --- weak scaling: data-parallel ResNet-50, batch_per_chip images a chip ------
torus_of() {
  case $1 in
    1) echo 1 ;; 2) echo 2 ;; 4) echo 2x2 ;; 8) echo 2x2x2 ;; 16) echo 4x2x2 ;;
    32) echo 4x4x2 ;; 64) echo 4x4x4 ;; *) echo "$1" ;;
  esac
}
torus_list=()
if ((${#chip_list[@]})); then
  need=()
  for n in "${chip_list[@]}"; do
    batch=$((n * batch_per_chip))
    ((batch == 1)) && name=resnet50 || name=resnet50_batch$batch
    stem=$(model_file "$name")
    [[ -f $stem.onnx && -f $stem.input.npy ]] || need+=("$batch")
  done
  if ((${#need[@]})); then
    echo "== exporting ResNet-50 at batch ${need[*]} with PyTorch"
    "$python" "$bench/export_batches.py" "$work_dir/models" "${need[@]}" >/dev/null ||
      die "exporting ResNet-50 at batch ${need[*]} failed"
  fi
fi
for n in "${chip_list[@]}"; do
  torus=$(torus_of "$n")
  torus_list+=("$torus")
  batch=$((n * batch_per_chip))
  ((batch == 1)) && name=resnet50 || name=resnet50_batch$batch
  stem=$(model_file "$name")
  config=$work_dir/loom/torus-$n.cfg
  printf '# %s simulated chips for bench/systolic/run.sh\n[ici]\ntorus = %s\n' \
    "$n" "$torus" >"$config"
  artifact=$work_dir/loom/scale-$n.loom
  mesh=()
  ((n > 1)) && mesh=(--mesh=data="$n" --parallel=data)
  echo "== weak scaling: $n chips (torus $torus), batch $batch"
  timed "$results/scale-$n.loomc.log" "$results/scale-$n.loomc.time" \
    "$loomc" "$stem.onnx" --target=systolic "${mesh[@]}" --chip-config="$config" \
    -o "$artifact" || continue
  timed "$results/scale-$n.run.log" "$results/scale-$n.run.time" \
    "$loom_run" "$artifact" --input=@"$stem.input.npy" --chip-config="$config" \
    --output=@"$work_dir/loom/scale-$n.output.npy" --profile || continue
  head -n 1 "$results/scale-$n.run.log"
  rm -f "$artifact"
done

# --- report -------------------------------------------------------------------
echo
report=("$python" "$bench/report.py" --results="$results" --loom-sim="$loom_sim"
        --layer-models="$layer_models" --models="$models" --chips="$chips"
        --torus="$(IFS=,; echo "${torus_list[*]}")" --batch-per-chip="$batch_per_chip")
((quick)) && report+=(--quick)
[[ -n $docs ]] && report+=(--docs="$docs")
"${report[@]}"
