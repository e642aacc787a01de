#!/usr/bin/env bash
# The cost of the CPU backend's run-time checks (docs/cpu-backend.md, "Run-
# time checks"): each model is compiled with and without them
# (loomc --runtime-checks=true|false) and timed with
# `loom-run --benchmark=RUNS --threads=THREADS`, the two artifacts taking
# turns ROUNDS times so that a noisy machine slows both alike; the report is
# the median and the minimum of the rounds' medians per artifact and their
# ratios (on a shared machine the minimum is the steadier one: other work
# only ever slows a round down). The models
# are those bench/cpu/run.sh exported into its work directory (run it once
# first, e.g. `bench/cpu/run.sh --quick --models=gpt,resnet18 --no-docs`).
#
#   bench/cpu/runtime_checks.sh [--build-dir=build] [--models=gpt,resnet18]
#                               [--runs=10] [--rounds=3] [--threads=2]
set -euo pipefail

build_dir=build
models=gpt,resnet18
runs=10
rounds=3
threads=2
for arg in "$@"; do
  case $arg in
    --build-dir=*) build_dir=${arg#*=} ;;
    --models=*) models=${arg#*=} ;;
    --runs=*) runs=${arg#*=} ;;
    --rounds=*) rounds=${arg#*=} ;;
    --threads=*) threads=${arg#*=} ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "runtime_checks.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

loomc=$build_dir/tools/loomc/loomc
loom_run=$build_dir/tools/loom-run/loom-run
model_dir=$build_dir/bench-cpu/models
work=$build_dir/bench-cpu/runtime-checks
mkdir -p "$work"

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
minimum() { sort -g | head -n 1; }

printf '%-14s %10s %10s %7s %10s %10s %7s\n' model "median on" "off" ratio "min on" "off" ratio
for model in ${models//,/ }; do
  onnx=$model_dir/$model.onnx
  input=$model_dir/$model.input.npy
  if [[ ! -f $onnx || ! -f $input ]]; then
    echo "runtime_checks.sh: $onnx or its input is missing; run bench/cpu/run.sh first" >&2
    exit 1
  fi
  for checks in true false; do
    "$loomc" "$onnx" --target=cpu -O3 --runtime-checks=$checks -o "$work/$model.$checks.loom"
  done
  declare -A samples=([true]="" [false]="")
  for ((round = 0; round < rounds; ++round)); do
    for checks in true false; do
      json=$("$loom_run" "$work/$model.$checks.loom" --input=@"$input" \
        --threads="$threads" --benchmark="$runs" | grep '^ *{' | tail -n 1)
      ms=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["median_ms"])' "$json")
      samples[$checks]+="$ms "
    done
  done
  on=$(tr ' ' '\n' <<<"${samples[true]}" | grep . | median)
  off=$(tr ' ' '\n' <<<"${samples[false]}" | grep . | median)
  min_on=$(tr ' ' '\n' <<<"${samples[true]}" | grep . | minimum)
  min_off=$(tr ' ' '\n' <<<"${samples[false]}" | grep . | minimum)
  printf '%-14s %10.3f %10.3f %7.3f %10.3f %10.3f %7.3f\n' "$model" "$on" "$off" \
    "$(python3 -c "print($on / $off)")" "$min_on" "$min_off" "$(python3 -c "print($min_on / $min_off)")"
  echo "  rounds (ms): checks ${samples[true]}/ none ${samples[false]}"
done
