#!/usr/bin/env bash
# Mutation check (issue 13): does the differential suite catch a miscompile?
#
#   bash scripts/mutation-check.sh [BUILD_DIR]      (default: build)
#
# Each mutation is a deliberate bug in one source file of the CPU pipeline
# (a reduction's identity, a dropped layer-norm epsilon, a matmul that skips
# its last K step, in-place reuse of a broadcast operand). The script never
# touches the source tree or the build: it copies the file to a scratch
# directory, applies the mutation to the copy (an exact text replacement,
# so a mutation that no longer applies is an error, not a silent pass),
# compiles the copy with the build's own command line, swaps the object into
# a copy of its static library and links a mutated loom-differential from
# the build's own link command. The fast differential subset below must
# pass with the build's loom-differential and fail with every mutated one.
# Needs an up-to-date build (ninja loom-differential); takes a few minutes,
# most of it compiling one file and linking per mutation. Prints one line
# per mutation and exits 1 when the suite misses one (or the baseline
# fails). docs/testing.md ("Mutation check") records the last result.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/loom-mutation.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
tool=tools/loom-differential/loom-differential

# The fast subset: the differential files that exercise reductions,
# normalizations, matmuls and fusion, and the in-place family (generated).
suite=(test/codegen/reductions.mlir test/codegen/nn.mlir
       test/codegen/matmul.mlir test/codegen/fused.mlir
       test/differential/inplace.mlir)
python3 "$root/test/differential/gen_inplace.py" --seed 1 --count 40 \
  > "$scratch/inplace-generated.mlir"

# run_suite BINARY LOG: 0 when every file passes.
run_suite() {
  local binary=$1 log=$2 status=0
  : > "$log"
  for file in "${suite[@]}" "$scratch/inplace-generated.mlir"; do
    case $file in /*) ;; *) file=$root/$file ;; esac
    if ! timeout 600 "$binary" "$file" >> "$log" 2>&1; then
      status=1
    fi
  done
  return $status
}

# The mutations: NAME|SOURCE (relative to the root)|TEXT|REPLACEMENT.
mutations=(
  "reduce_max starts at 0, not -inf|passes/LowerToLinalg.cpp|Value reductionInit(ReduceMaxOp, OpBuilder &b, Location loc, Type type) {
  return extremeConstant(b, loc, type, /*lowest=*/true);|Value reductionInit(ReduceMaxOp, OpBuilder &b, Location loc, Type type) {
  return scalarConstant(b, loc, type, 0.0);"
  "layer norm drops its epsilon|passes/LowerToLinalgNormalization.cpp|Value shifted = arith::AddFOp::create(b, l, variance, epsilon);|Value shifted = variance; (void)epsilon;"
  "f32 matmul skips its last K step|backends/cpu/MatmulToUkernel.cpp|size(lhs, 1), flagsValue});|arith::SubIOp::create(builder, loc, size(lhs, 1), arith::ConstantIntOp::create(builder, loc, 1, 64)), flagsValue});"
  "in place over a broadcast operand|compiler/MemoryPlanner.cpp|          !readsInWriteOrder(operand, result))|          false)"
)

echo "mutation-check: baseline (the build's loom-differential)"
if ! run_suite "$build/$tool" "$scratch/baseline.log"; then
  echo "mutation-check: error: the suite fails without a mutation:" >&2
  grep 'error' "$scratch/baseline.log" >&2 || true
  exit 1
fi

link_command=$(ninja -C "$build" -t commands "$tool" | tail -n 1)
missed=0
for entry in "${mutations[@]}"; do
  # Fields split by hand: a mutation's text may span lines.
  name=${entry%%|*}; rest=${entry#*|}
  source=${rest%%|*}; rest=${rest#*|}
  text=${rest%%|*}; replacement=${rest#*|}
  work=$scratch/$(echo "$name" | tr -c 'a-zA-Z0-9' '_')
  mkdir -p "$work"
  copy=$work/$(basename "$source")
  TEXT=$text REPLACEMENT=$replacement python3 - "$root/$source" "$copy" <<'EOF'
import os, sys
text = open(sys.argv[1]).read()
old, new = os.environ["TEXT"], os.environ["REPLACEMENT"]
if text.count(old) != 1:
    sys.exit(f"mutation-check: error: {sys.argv[1]} no longer holds the "
             f"mutated text once: {old!r}")
open(sys.argv[2], "w").write(text.replace(old, new))
EOF
  # The object, its compile command and its library, from the build graph.
  object=$(ninja -C "$build" -t targets all |
           grep -o "^$(dirname "$source")/CMakeFiles/[^/]*\.dir/$(basename "$source")\.o" |
           head -n 1 || true)
  if [[ -z $object ]]; then
    echo "mutation-check: error: no object of $source in $build" >&2
    exit 1
  fi
  compile=$(ninja -C "$build" -t commands "$object" | tail -n 1)
  library=$(grep -o "[^ ]*/lib[A-Za-z0-9]*\.a" <<< "$link_command" |
            while read -r lib; do
              if ar t "$build/$lib" 2>/dev/null | grep -qx "$(basename "$object")"; then
                echo "$lib"; break
              fi
            done)
  if [[ -z $library ]]; then
    echo "mutation-check: error: no library of loom-differential holds $object" >&2
    exit 1
  fi
  # Compile the copy: same flags, the copy in place of the source, includes
  # of the source's own directory still found.
  mutated_compile=${compile//"$root/$source"/"$copy"}
  mutated_compile=${mutated_compile//" -o $object "/" -o $work/mutated.o "}
  mutated_compile=$(sed -E 's/ -MD -MT [^ ]+ -MF [^ ]+//' <<< "$mutated_compile")
  (cd "$build" && eval "$mutated_compile -iquote $(dirname "$root/$source")") \
    > "$work/compile.log" 2>&1 || {
      echo "mutation-check: error: the mutated $source does not compile:" >&2
      cat "$work/compile.log" >&2
      exit 1
    }
  cp "$build/$library" "$work/$(basename "$library")"
  cp "$work/mutated.o" "$work/$(basename "$object")"
  (cd "$work" && ar r "$(basename "$library")" "$(basename "$object")")
  mutated_link=${link_command//" $library "/" $work/$(basename "$library") "}
  mutated_link=${mutated_link//" -o $tool "/" -o $work/loom-differential "}
  (cd "$build" && eval "$mutated_link") > "$work/link.log" 2>&1 || {
    echo "mutation-check: error: the mutated loom-differential does not link:" >&2
    cat "$work/link.log" >&2
    exit 1
  }
  if run_suite "$work/loom-differential" "$work/suite.log"; then
    echo "MISSED  $name ($source): the suite passes"
    missed=1
  else
    caught=$(grep -c 'loom-differential: error:' "$work/suite.log" || true)
    first=$(grep -m 1 'loom-differential: error:' "$work/suite.log" | cut -c 1-160)
    echo "caught  $name ($source): $caught functions fail; first: $first"
  fi
done
exit $missed
