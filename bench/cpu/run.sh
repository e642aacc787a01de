#!/usr/bin/env bash
# Loom's CPU benchmarks: real models against ONNX Runtime and matmul against
# OpenBLAS, side by side in one run; prints the table and writes
# docs/benchmarks.md. See bench/cpu/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/cpu/run.sh [OPTIONS]

  --quick             5 timed runs after 1 warm-up (default: 20 after 3)
  --runs=N            timed runs per measurement
  --warmups=N         warm-up runs for ONNX Runtime and OpenBLAS (loom-run
                      always does one)
  --threads=LIST      thread counts, comma-separated: every engine runs
                      every case at each, one table each (default 1,2)
  --models=LIST       comma-separated, or "none" (default: resnet18,
                      resnet50,mobilenet_v2,efficientnet_b0,gpt,mlp,
                      bert_encoder,resnet18_batch8,resnet50_batch8,
                      mobilenet_v2_batch8,efficientnet_b0_batch8,
                      resnet18_qdq,resnet18_qdq_batch8)
  --matmul=LIST       M=N=K sizes, comma-separated, or "none"
                      (default: 256,512,1024,2048)
  --build-dir=DIR     Loom build holding tools/loomc/loomc and
                      tools/loom-run/loom-run (default: build)
  --work-dir=DIR      models, inputs, artifacts and results
                      (default: BUILD_DIR/bench-cpu)
  --timeout=SECONDS   limit for each loomc or loom-run call (default 1800)
  --loomc-flags=FLAGS more loomc flags for every Loom case, space-separated,
                      e.g. --loomc-flags=--winograd=true (recorded in the
                      table's settings)
  --no-docs           print the table only; do not write docs/benchmarks.md
  -h, --help          this text
EOF
}

die() {
  echo "bench/cpu/run.sh: $*" >&2
  exit 1
}
trap 'echo "bench/cpu/run.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench=$repo/bench/cpu
# Debian's python3 has PyTorch, torchvision and numpy; a pyenv python3 on
# PATH may not.
python=/usr/bin/python3

all_models=resnet18,resnet50,mobilenet_v2,efficientnet_b0,gpt,mlp,bert_encoder
all_models+=,resnet18_batch8,resnet50_batch8,mobilenet_v2_batch8,efficientnet_b0_batch8
# Statically quantized (QDQ, int8): their own table in the report.
all_models+=,resnet18_qdq,resnet18_qdq_batch8
models=$all_models
sizes=256,512,1024,2048
quick=0 runs="" warmups="" threads=1,2 timeout=1800 loomc_flags=""
build_dir=$repo/build work_dir="" docs=$repo/docs/benchmarks.md

positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"; }

for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --runs=*) runs=${arg#*=}; positive --runs "$runs" ;;
    --warmups=*) warmups=${arg#*=}; [[ $warmups =~ ^[0-9]+$ ]] || die "--warmups must be >= 0" ;;
    --threads=*) threads=${arg#*=} ;;
    --models=*) models=${arg#*=} ;;
    --matmul=*) sizes=${arg#*=} ;;
    --build-dir=*) build_dir=$(realpath -m "${arg#*=}") ;;
    --work-dir=*) work_dir=$(realpath -m "${arg#*=}") ;;
    --timeout=*) timeout=${arg#*=}; positive --timeout "$timeout" ;;
    --loomc-flags=*) loomc_flags=${arg#*=} ;;
    --no-docs) docs="" ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$arg'" ;;
  esac
done
if ((quick)); then
  runs=${runs:-5} warmups=${warmups:-1}
else
  runs=${runs:-20} warmups=${warmups:-3}
fi
work_dir=${work_dir:-$build_dir/bench-cpu}
[[ $models == none ]] && models=""
[[ $sizes == none ]] && sizes=""
IFS=, read -r -a model_list <<<"$models"
IFS=, read -r -a size_list <<<"$sizes"
IFS=, read -r -a thread_list <<<"$threads"
((${#thread_list[@]})) || die "--threads needs at least one count"
for count in "${thread_list[@]}"; do positive --threads "$count"; done
for model in "${model_list[@]}"; do
  [[ ,$all_models, == *,$model,* ]] || die "unknown model '$model'; known: $all_models"
done
for size in "${size_list[@]}"; do positive "matmul size" "$size"; done
((${#model_list[@]} + ${#size_list[@]})) || die "nothing to do: --models=none and --matmul=none"

loomc=$build_dir/tools/loomc/loomc
loom_run=$build_dir/tools/loom-run/loom-run

# --- prerequisites ------------------------------------------------------------
"$python" -c 'import numpy, torch, torchvision' 2>/dev/null ||
  die "$python cannot import numpy, torch and torchvision (run scripts/setup.sh)"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed"
command -v cc >/dev/null || die "a C compiler (cc) is needed for the OpenBLAS benchmark"
[[ -f /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ]] ||
  die "OpenBLAS headers are missing (apt-get install libopenblas-dev)"

mkdir -p "$work_dir"
results=$work_dir/results
rm -rf "$results"
mkdir -p "$results" "$work_dir/models" "$work_dir/matmul" "$work_dir/loom"

# ONNX Runtime from npm at the version package-lock.json pins. Its install
# script only fetches the optional CUDA provider, which the CPU benchmark does
# not use (and which needs network access beyond the npm registry): skipped.
pinned=$(cd "$bench" && node -p "require('./package.json').dependencies['onnxruntime-node']")
installed=$(cd "$bench" && node -p "require('onnxruntime-node/package.json').version" 2>/dev/null || true)
if [[ $installed != "$pinned" ]]; then
  echo "== installing onnxruntime-node $pinned into bench/cpu/node_modules"
  (cd "$bench" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error) ||
    die "npm ci failed in $bench"
fi

sgemm=$work_dir/sgemm_openblas
if ((${#size_list[@]})) && [[ ! -x $sgemm || $bench/sgemm_openblas.c -nt $sgemm ]]; then
  echo "== building $sgemm"
  cc -O2 -I/usr/include/x86_64-linux-gnu/openblas-pthread "$bench/sgemm_openblas.c" \
    -o "$sgemm" -lopenblas || die "building the OpenBLAS benchmark failed"
fi

# The cores' measured FMA peak, the denominator of the matmul tables' "% of
# peak" column (fma_peak.c says how it is measured).
fma_peak=$work_dir/fma_peak
if ((${#size_list[@]})) && [[ ! -x $fma_peak || $bench/fma_peak.c -nt $fma_peak ]]; then
  echo "== building $fma_peak"
  cc -O2 "$bench/fma_peak.c" -o "$fma_peak" -lpthread ||
    die "building the FMA peak measurement failed"
fi

[[ -x $loomc && -x $loom_run ]] ||
  echo "== note: $loomc or $loom_run is not built; Loom's columns will say so"

# Runs one engine on one case: stdout (the engine's JSON object) and stderr
# go to results/CASE.ENGINE.{json,log}; a failure is left for report.py.
measure() {
  local case=$1 engine=$2
  shift 2
  echo "== $case: $engine"
  if "$@" >"$results/$case.$engine.json" 2>"$results/$case.$engine.log"; then
    cat "$results/$case.$engine.json"
  else
    echo "   failed: $(head -n 1 "$results/$case.$engine.log")"
  fi
}

# --- models -------------------------------------------------------------------
missing=()
for model in "${model_list[@]}"; do
  for file in "$model.onnx" "$model.input.npy" "$model.output.npy"; do
    if [[ ! -f $work_dir/models/$file || $repo/scripts/export_torch_models.py -nt $work_dir/models/$file ]]; then
      missing+=("$model")
      break
    fi
  done
done
if ((${#missing[@]})); then
  echo "== exporting ${missing[*]} with PyTorch"
  "$python" "$repo/scripts/export_torch_models.py" "$work_dir/models" "${missing[@]}" ||
    die "exporting ${missing[*]} failed"
fi

for model in "${model_list[@]}"; do
  stem=$work_dir/models/$model
  for count in "${thread_list[@]}"; do
    measure "model-$model-t$count" ort \
      node "$bench/ort_bench.js" "$stem.onnx" "$stem.input.npy" "$stem.output.npy" \
      "$runs" "$warmups" "$count"
    measure "model-$model-t$count" loom \
      "$python" "$bench/loom_bench.py" --loomc="$loomc" --loom-run="$loom_run" \
      --model="$stem.onnx" --input="$stem.input.npy" --expected="$stem.output.npy" \
      --out-dir="$work_dir/loom" --runs="$runs" --threads="$count" --timeout="$timeout" \
      --loomc-flags="$loomc_flags"
  done
done

# --- matmul -------------------------------------------------------------------
if ((${#size_list[@]})); then
  for count in "${thread_list[@]}"; do
    measure "fma-peak-t$count" peak "$fma_peak" "$count"
  done
fi
for size in "${size_list[@]}"; do
  stem=$work_dir/matmul/matmul_${size}x${size}x${size}
  if [[ ! -f $stem.expected.npy || $bench/make_matmul.py -nt $stem.expected.npy ]]; then
    "$python" "$bench/make_matmul.py" "$work_dir/matmul" "$size" "$size" "$size" ||
      die "writing the ${size}³ matmul case failed"
  fi
  for count in "${thread_list[@]}"; do
    measure "matmul-$size-t$count" openblas \
      "$sgemm" "$size" "$size" "$size" "$runs" "$warmups" "$count"
    measure "matmul-$size-t$count" loom \
      "$python" "$bench/loom_bench.py" --loomc="$loomc" --loom-run="$loom_run" \
      --model="$stem.mlir" --input="$stem.lhs.npy" --input="$stem.rhs.npy" \
      --expected="$stem.expected.npy" --out-dir="$work_dir/loom" --runs="$runs" \
      --threads="$count" --timeout="$timeout" --loomc-flags="$loomc_flags"
  done
done

# --- report -------------------------------------------------------------------
echo
report=("$python" "$bench/report.py" --results="$results" --models="$models"
        --matmul-sizes="$sizes" --runs="$runs" --warmups="$warmups" --threads="$threads"
        --loomc-flags="$loomc_flags")
((quick)) && report+=(--quick)
[[ -n $docs ]] && report+=(--docs="$docs")
"${report[@]}" || die "a peer (ONNX Runtime or OpenBLAS) failed; see $results/*.log"
