#!/usr/bin/env bash
# The multi-device collectives' benchmarks: in-process all-reduce and
# all-gather over 2 devices next to memcpy, and, under mpirun -np 2, Loom's
# all-reduce over MPI next to MPI_Allreduce; prints the tables and writes
# docs/benchmarks-multi-device.md. See bench/multi-device/README.md.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
usage: bench/multi-device/run.sh [OPTIONS]

  --build-dir=DIR     Loom build to build the benchmarks in (default: build);
                      configured first if it has no build.ninja
  --devices=N         devices of the in-process benchmark (default 2)
  --no-mpi            skip the MPI benchmark
  --no-models         skip the models, one device against a mesh
                      (bench/multi-device/models.sh)
  --no-docs           print the tables only; do not write
                      docs/benchmarks-multi-device.md
  -h, --help          this text
EOF_USAGE
}

die() {
  echo "bench/multi-device/run.sh: $*" >&2
  exit 1
}
trap 'echo "bench/multi-device/run.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$repo/build devices=2 mpi=1 models=1 docs=$repo/docs/benchmarks-multi-device.md
for arg in "$@"; do
  case $arg in
    --build-dir=*) build_dir=$(realpath -m "${arg#*=}") ;;
    --devices=*) devices=${arg#*=}
      [[ $devices =~ ^[1-9][0-9]*$ ]] || die "--devices must be a positive integer" ;;
    --no-mpi) mpi=0 ;;
    --no-models) models=0 ;;
    --no-docs) docs="" ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$arg'" ;;
  esac
done

if [[ ! -f $build_dir/build.ninja ]]; then
  cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
targets=(loom-collectives-bench)
if ((mpi)); then
  grep -q loom-collectives-mpi-bench "$build_dir/build.ninja" ||
    die "the build has no MPI benchmark (MPI not found); install libopenmpi-dev or pass --no-mpi"
  command -v mpirun >/dev/null || die "mpirun not found; install openmpi-bin or pass --no-mpi"
  targets+=(loom-collectives-mpi-bench)
fi
((models)) && targets+=(loomc loom-run)
ninja -C "$build_dir" "${targets[@]}" >/dev/null

in_process=$("$build_dir/bench/multi-device/loom-collectives-bench" "$devices")
echo "## In process: $devices devices as threads"
echo
echo "$in_process"
if ((mpi)); then
  # Root in containers, 2 ranks possibly on fewer cores, shared memory only
  # (the same transport settings as the MPI tests).
  over_mpi=$(mpirun --allow-run-as-root --oversubscribe --mca pml ob1 --mca btl self,vader \
    -np 2 "$build_dir/bench/multi-device/loom-collectives-mpi-bench")
  echo
  echo "## Over MPI: 2 ranks, one device each"
  echo
  echo "$over_mpi"
fi

if ((models)); then
  model_table=$(bash "$repo/bench/multi-device/models.sh" "$build_dir" \
    "$build_dir/test/models" 2 20)
  echo
  echo "## Models: one device against a mesh, 2 host threads in all"
  echo
  echo "$model_table"
fi

[[ -n $docs ]] || exit 0
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
cores=$(nproc)
memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
mpi_version=$(mpirun --version 2>/dev/null | head -1 || true)
{
  echo "# Multi-device collectives: benchmarks"
  echo
  echo "Written by \`bench/multi-device/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') at"
  echo "commit $commit. Machine: $cpu, $cores logical cores, $memory memory; load"
  echo "average $load when the report was written. See"
  echo "[\`collectives.md\`](collectives.md) for the algorithms and"
  echo "[\`bench/multi-device/README.md\`](../bench/multi-device/README.md) for"
  echo "what is measured. Medians of 10 (64 MiB) to 50 (1 MiB) runs after 2"
  echo "warm-ups; f32 tensors. algbw = tensor bytes / time (for all-gather,"
  echo "the gathered output's bytes); busbw = algbw · 2(n-1)/n for all-reduce,"
  echo "· (n-1)/n for all-gather (nccl-tests' definitions). memcpy is one"
  echo "thread copying the same number of bytes, measured just before."
  echo
  echo "## In process: $devices devices as threads of one process"
  echo
  echo "$in_process"
  if ((mpi)); then
    echo
    echo "## Over MPI: 2 ranks, one device each ($mpi_version, shared memory)"
    echo
    echo "Each size alternates Loom's all-reduce and MPI_Allreduce in the same"
    echo "run; a time is the slowest rank's median."
    echo
    echo "$over_mpi"
  fi
  if ((models)); then
    echo
    echo "## Models: one device against a mesh, 2 host threads in all"
    echo
    echo "Each model compiled for one device and for the mesh with the"
    echo "presets (\`loomc --mesh --parallel\`), run in process by \`loom-run"
    echo "--benchmark=20 --threads=2\` (the mesh's devices share the 2"
    echo "threads); medians in ms, in the same run."
    echo
    echo "$model_table"
  fi
} >"$docs"
echo
echo "wrote $docs"
