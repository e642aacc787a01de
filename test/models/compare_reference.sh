#!/usr/bin/env bash
# loom-run --compare-reference on an exported model (ctest's
# compare-reference-* tests):
#
#   compare_reference.sh BIN_DIR MODELS_DIR MODEL KERNEL [TARGET]
#
# Compiles MODELS_DIR/MODEL.onnx for TARGET (default cpu) and runs it with
# --compare-reference on MODEL.input.npy: every launch must be listed with
# the ONNX nodes fused into it and match the reference evaluator. Then
# compiles it again with kernel KERNEL miscompiled on purpose (loomc's
# hidden --debug-miscompile-kernel, which adds 1 to its result) and checks
# that KERNEL is the first and only kernel named beyond the tolerance, with
# its nodes, and that loom-run exits 1. Each step is bounded in time.
set -euo pipefail
bin=$1 models=$2 model=$3 kernel=$4 target=${5:-cpu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
loomc=$bin/tools/loomc/loomc run=$bin/tools/loom-run/loom-run
input=$models/$model.input.npy
fail() { echo "FAIL: $*"; exit 1; }

timeout 300 "$loomc" "$models/$model.onnx" --target="$target" -o "$work/good.loom"
timeout 300 "$run" "$work/good.loom" --input=@"$input" --compare-reference \
  > "$work/good.txt" || { cat "$work/good.txt"; fail "loom-run exited $?"; }
cat "$work/good.txt"
launches=$(grep -c '^command [0-9]*: kernel ' "$work/good.txt")
with_nodes=$(grep -c "^command [0-9]*: kernel '[^']*' from /" "$work/good.txt")
[ "$launches" -gt 0 ] || fail "no kernel listed"
[ "$launches" = "$with_nodes" ] || fail "$((launches - with_nodes)) kernels without ONNX nodes"
grep -q "^$launches launches match the reference evaluator" "$work/good.txt" ||
  fail "not every launch matched"
! grep -q 'not evaluated\|BEYOND' "$work/good.txt" || fail "a kernel was not checked"

timeout 300 "$loomc" "$models/$model.onnx" --target="$target" \
  --debug-miscompile-kernel="$kernel" -o "$work/bad.loom"
status=0
timeout 300 "$run" "$work/bad.loom" --input=@"$input" --compare-reference \
  > "$work/bad.txt" 2> "$work/bad.err" || status=$?
cat "$work/bad.err"
[ "$status" = 1 ] || fail "loom-run exited $status on the miscompiled artifact"
[ "$(grep -c BEYOND "$work/bad.txt")" = 1 ] || fail "not one kernel beyond the tolerance"
grep -B1 BEYOND "$work/bad.txt" | grep -q "kernel '$kernel' from /" ||
  fail "the kernel beyond the tolerance is not $kernel"
grep -q "kernel '$kernel' differs from the reference evaluator.*look at its source nodes: /" \
  "$work/bad.err" || fail "the error does not name $kernel and its nodes"
echo "$model ($target): $launches launches checked; miscompiled $kernel named first"
