#!/usr/bin/env bash
# Loom's compile time: loomc --target=cpu on ResNet-50 and on a
# ViT-B/16-sized transformer, the median wall-clock time of a few runs each,
# and where the time goes (--mlir-timing of the median run). Issue 12 asks
# for under 5 s each on a 2-core machine. See docs/cpu-backend.md,
# "Compile time".
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/compile-time/run.sh [OPTIONS]

  --runs=N            timed loomc runs per model; the median is reported
                      (default 3)
  --models=LIST       comma-separated (default: resnet50,vit_b_16)
  --top=N             --mlir-timing entries shown per model (default 12)
  --build-dir=DIR     Loom build holding tools/loomc/loomc (default: build)
  --work-dir=DIR      models and artifacts (default: BUILD_DIR/bench-compile-time)
  -h, --help          this text
USAGE
}

die() {
  echo "bench/compile-time/run.sh: $*" >&2
  exit 1
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Debian's python3 has PyTorch and torchvision; a pyenv python3 may not.
python=/usr/bin/python3
all_models=resnet50,vit_b_16
models=$all_models runs=3 top=12 build_dir=$repo/build work_dir=""

positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"; }

for arg in "$@"; do
  case $arg in
    --runs=*) runs=${arg#*=}; positive --runs "$runs" ;;
    --models=*) models=${arg#*=} ;;
    --top=*) top=${arg#*=}; positive --top "$top" ;;
    --build-dir=*) build_dir=$(realpath -m "${arg#*=}") ;;
    --work-dir=*) work_dir=$(realpath -m "${arg#*=}") ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$arg'" ;;
  esac
done
work_dir=${work_dir:-$build_dir/bench-compile-time}
IFS=, read -r -a model_list <<<"$models"
for model in "${model_list[@]}"; do
  [[ ,$all_models, == *,$model,* ]] || die "unknown model '$model'; known: $all_models"
done
loomc=$build_dir/tools/loomc/loomc
[[ -x $loomc ]] || die "$loomc is not built"
mkdir -p "$work_dir"

# The models, exported once (and again when their exporter changes).
for model in "${model_list[@]}"; do
  if [[ $model == vit_b_16 ]]; then
    exporter=$repo/bench/compile-time/export_vit.py
    export_cmd=("$python" "$exporter" "$work_dir")
  else
    exporter=$repo/scripts/export_torch_models.py
    export_cmd=("$python" "$exporter" "$work_dir" "$model")
  fi
  if [[ ! -f $work_dir/$model.onnx || $exporter -nt $work_dir/$model.onnx ]]; then
    echo "== exporting $model with PyTorch"
    "${export_cmd[@]}" >/dev/null 2>"$work_dir/$model.export.log" ||
      die "exporting $model failed; see $work_dir/$model.export.log"
  fi
done

echo "== $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== loomc --target=cpu MODEL.onnx -o MODEL.loom, $runs runs each"
summary=()
for model in "${model_list[@]}"; do
  times=()
  for ((run = 0; run < runs; ++run)); do
    # Wall-clock, user and system seconds (bash's time keyword).
    TIMEFORMAT='%R %U %S'
    { time "$loomc" --target=cpu "$work_dir/$model.onnx" -o "$work_dir/$model.loom" \
        --mlir-timing --mlir-timing-display=list 2>"$work_dir/$model.timing.$run" ; } \
      2>"$work_dir/$model.time.$run" ||
      die "loomc failed on $model; see $work_dir/$model.timing.$run"
    times+=("$(cat "$work_dir/$model.time.$run") $run")
  done
  # The median run, by wall-clock time; its --mlir-timing report is shown.
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  median_run=${median##* }
  all=$(printf '%s\n' "${times[@]}" | awk '{printf "%s%.2f", (NR > 1 ? " " : ""), $1}')
  line=$(echo "$median" | awk -v model="$model" -v all="$all" \
    '{ printf "%-10s median %.2f s wall, %.2f s CPU (runs: %s s)", model, $1, $2 + $3, all }')
  summary+=("$line")
  echo
  echo "$line"
  echo "   --mlir-timing of that run, top $top:"
  grep -E '^ +[0-9]+\.[0-9]+ +\(' "$work_dir/$model.timing.$median_run" |
    grep -v -E ' (root|Total)$' | head -n "$top" | sed 's/^/   /'
done
echo
echo "== summary"
printf '%s\n' "${summary[@]}"
