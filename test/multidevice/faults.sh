#!/usr/bin/env bash
# Multi-device faults under Open MPI (ctest's multi-device-fault-* tests):
#
#   faults.sh BIN_DIR MLP_MLIR WORK_DIR CASE [MPIRUN]
#
# Each CASE runs loom-run over `mpirun -np P` on a small tensor-parallel
# MLP (one all-reduce per run) with a 2 s collective timeout, injects one
# fault, and passes when every process has ended, the job's exit status is
# non-zero, the one line that says what happened is there (exactly once
# where Loom prints it), and all of it took less than BOUND seconds:
#
#   rank-killed          rank 1 is killed (SIGKILL) in the middle of a run
#   peer-never-arrives   rank 1 runs the model once and leaves; rank 0's
#                        next all-reduce has no peer
#   mismatched-weights   rank 1 runs the same model with other weights
#   mismatched-parallelism
#                        rank 1 runs the model split by data, rank 0 by
#                        tensors, both on 2 devices
#   mismatched-meshes    rank 1 runs the model compiled for 4 devices
#   too-few-devices      4 ranks for a 2-device mesh
#   uneven-devices       3 ranks for a 4-device mesh
#   in-process-device-fails
#                        no MPI: device 3 of test/runtime's fail.loom (in
#                        $FAULT_MESH_DIR) fails its kernel, with the
#                        default 60 s timeout; its peers must not wait for it
#                        (12 runs, each must exit 1 within 10 s: none may crash)
set -euo pipefail
bin=$1 mlir=$2 work=$3 case=$4 mpiexec=${5:-mpirun}
loomc=$bin/tools/loomc/loomc
run=$bin/tools/loom-run/loom-run
bound=20
mkdir -p "$work"
cd "$work"

# The artifacts, compiled once per case (cases may run in parallel).
tensor2=mlp-tensor2.loom data2=mlp-data2.loom tensor4=mlp-tensor4.loom
[ "$case" = in-process-device-fails ] ||
  "$loomc" "$mlir" --mesh=model=2 --parallel=tensor -o "$case-$tensor2"
input="--input=4x8xf32=0.5,-1,2,0.25,3,1.5,-2,0.75,1,2,3,4,5,6,7,8,-1,-2,-3,-4,-5,-6,-7,-8,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8"

# Rank-specific behaviour comes from a wrapper that every rank runs:
# FAULT_RANK's process does FAULT_ACTION, the others exec loom-run as is.
wrapper=$work/$case-rank.sh
cat > "$wrapper" <<'EOF'
#!/usr/bin/env bash
if [ "${OMPI_COMM_WORLD_RANK:-}" != "$FAULT_RANK" ]; then exec "$@"; fi
case $FAULT_ACTION in
  kill|stop)
    # The signal comes once the rank is well into its runs: the same pid,
    # since loom-run replaces this shell.
    signal=KILL; [ "$FAULT_ACTION" = stop ] && signal=STOP
    (sleep 2; kill -s "$signal" $$) &
    exec "$@" ;;
  once)    # the same command, without --benchmark: one run, then exit
    args=(); for a in "$@"; do [[ $a == --benchmark=* ]] || args+=("$a"); done
    exec "${args[@]}" ;;
  artifact) # another artifact in place of the first argument after loom-run
    exec "$1" "$FAULT_ARTIFACT" "${@:3}" ;;
esac
EOF
chmod +x "$wrapper"

mpirun=("$mpiexec" --allow-run-as-root --oversubscribe --mca pml ob1
        --mca btl self,vader)
# Runs the job (bounded by `timeout` in case a fault hangs it) and keeps
# its output and exit status.
job() {
  local ranks=$1; shift
  local start=$(date +%s%N)
  set +e
  timeout -s KILL 60 "${mpirun[@]}" -np "$ranks" "$wrapper" "$run" "$@" \
    --timeout-ms=2000 > "$case.out" 2>&1
  status=$?
  set -e
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  cat "$case.out"
}

fail() { echo "FAIL ($case): $*" >&2; exit 1; }

# PATTERN (grep -E) must match a line of the output, and, with a count,
# match exactly that many lines.
expect() {
  local pattern=$1 count=${2:-}
  local found
  found=$(grep -cE -- "$pattern" "$case.out" || true)
  [ "$found" -gt 0 ] || fail "no line matches: $pattern"
  if [ -n "$count" ] && [ "$found" != "$count" ]; then
    fail "$found lines match, expected $count: $pattern"
  fi
}

finish() {
  echo "exit status $status after $elapsed_ms ms"
  [ "$status" != 0 ] || fail "the job exited 0"
  [ "$status" != 137 ] || [ "$case" = rank-killed ] ||
    fail "the job was killed by the test's timeout"
  # A signal (a crash: 139 is SIGSEGV, 134 SIGABRT) is not a clean error,
  # except where the test itself kills a rank.
  [ "$status" -lt 128 ] || [ "$case" = rank-killed ] ||
    fail "the job ended with status $status (a signal), not a clean error"
  [ "$elapsed_ms" -lt $(( bound * 1000 )) ] ||
    fail "took $elapsed_ms ms, more than $bound s"
  # Every loom-run of this case has ended.
  if pgrep -f -- "$work/$case-" > /dev/null; then
    pgrep -af -- "$work/$case-" >&2
    fail "processes of the job are still running"
  fi
  echo "PASS ($case)"
}

long=--benchmark=1000000 # runs that would take minutes
export FAULT_RANK=1
case $case in
  rank-killed)
    FAULT_ACTION=kill job 2 "$work/$case-$tensor2" "$input" $long
    # Open MPI's launcher ends the other ranks and names the one killed.
    expect "(mpirun|mpiexec) noticed that process rank 1 with PID [0-9]+ on node .* exited on signal 9 \(Killed\)" 1
    ;;
  peer-never-arrives)
    FAULT_ACTION=once job 2 "$work/$case-$tensor2" "$input" --benchmark=3
    expect "^loom: " 1
    expect "^loom: loom-run: rank 0: error: [^ ]*/$case-$tensor2: device 0: command [0-9]+ \(AllReduce\): allReduce on device 0: (receive from|send to) rank 1 \(device 1, [0-9]+ bytes\) did not complete in time on rank 0; the peer may have exited or be stuck$" 1
    ;;
  mismatched-weights)
    # The same model with other weights: the shapes and the collectives
    # match, so without the check the job exits 0 with a wrong answer.
    sed 's/dense<0.125>/dense<0.25>/' "$mlir" > "$case-other.mlir"
    grep -q 'dense<0.25> : tensor<8x16xf32>' "$case-other.mlir" ||
      fail "could not change the weights of $mlir"
    other=mlp-other-tensor2.loom
    "$loomc" "$case-other.mlir" --mesh=model=2 --parallel=tensor -o "$case-$other"
    FAULT_ACTION=artifact FAULT_ARTIFACT=$work/$case-$other \
      job 2 "$work/$case-$tensor2" "$input"
    expect "^loom: " 1
    expect "^loom: loom-run: rank 1: error: [^ ]*/$case-$other: collectives: rank 1 runs $case-$other \([0-9]+ bytes, hash [0-9a-f]{16}\) on 2 devices but rank 0 runs $case-$tensor2 \([0-9]+ bytes, hash [0-9a-f]{16}\) on 2 devices; every rank must run the same program$" 1
    ;;
  mismatched-parallelism)
    "$loomc" "$mlir" --mesh=data=2 --parallel=data -o "$case-$data2"
    FAULT_ACTION=artifact FAULT_ARTIFACT=$work/$case-$data2 \
      job 2 "$work/$case-$tensor2" "$input"
    expect "^loom: " 1
    expect "^loom: loom-run: rank 1: error: [^ ]*/$case-$data2: collectives: rank 1 runs $case-$data2 \([0-9]+ bytes, hash [0-9a-f]{16}\) on 2 devices but rank 0 runs $case-$tensor2 \([0-9]+ bytes, hash [0-9a-f]{16}\) on 2 devices; every rank must run the same program$" 1
    ;;
  mismatched-meshes)
    "$loomc" "$mlir" --mesh=model=4 --parallel=tensor -o "$case-$tensor4"
    FAULT_ACTION=artifact FAULT_ARTIFACT=$work/$case-$tensor4 \
      job 2 "$work/$case-$tensor2" "$input"
    expect "^loom: " 1
    expect "^loom: loom-run: rank 1: error: [^ ]*/$case-$tensor4: collectives: rank 1 runs $case-$tensor4 \(.*\) on 4 devices but rank 0 runs $case-$tensor2 \(.*\) on 2 devices; every rank must run the same program$" 1
    ;;
  too-few-devices)
    FAULT_RANK=-1 job 4 "$work/$case-$tensor2" "$input"
    expect "^loom: " 1
    expect "^loom: loom-run: rank 0: error: [^ ]*/$case-$tensor2: collectives: too few devices: the mesh has 2 devices and the job 4 processes; each process hosts an equal share of at least one device$" 1
    ;;
  uneven-devices)
    "$loomc" "$mlir" --mesh=model=4 --parallel=tensor -o "$case-$tensor4"
    FAULT_RANK=-1 job 3 "$work/$case-$tensor4" "$input"
    expect "^loom: " 1
    expect "^loom: loom-run: rank 0: error: [^ ]*/$case-$tensor4: collectives: 4 devices cannot be split evenly over 3 processes$" 1
    ;;
  in-process-device-fails)
    # The failure lands while the other devices may be inside a collective
    # with one another; a peer that left such a collective early once made
    # this run crash about one time in three, so it runs several times and
    # each run must end with the one line and exit status 1.
    # The bound is per run (elapsed_ms is the slowest run's time); the
    # whole case stays well inside 30 s, also under ASan (about 1 s a run).
    bound=10
    elapsed_ms=0
    for attempt in 1 2 3 4 5 6 7 8 9 10 11 12; do
      start=$(date +%s%N)
      set +e
      timeout -s KILL 60 "$run" "$FAULT_MESH_DIR/fail.loom" \
        --input=@"$FAULT_MESH_DIR/x.npy" > "$case.out" 2>&1
      status=$?
      set -e
      run_ms=$(( ($(date +%s%N) - start) / 1000000 ))
      [ "$run_ms" -le "$elapsed_ms" ] || elapsed_ms=$run_ms
      cat "$case.out"
      [ "$status" = 1 ] || fail "run $attempt exited with status $status, not 1"
      expect "^loom-run: error: " 1
      expect "^loom-run: error: [^ ]*fail.loom: device 3: command 0: kernel 'scale_f32' returned 7" 1
    done
    ;;
  *)
    fail "unknown case" ;;
esac
finish
