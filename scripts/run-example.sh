#!/usr/bin/env bash
# README command 1: set up, build, and run the main job: one model, written
# for one device, compiled and run on one device and on a 2-device mesh by
# changing a flag.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
build=${LOOM_BUILD_DIR:-$root/build}
loomc=$build/tools/loomc/loomc
run=$build/tools/loom-run/loom-run
work=${TMPDIR:-/tmp}/loom-example
mkdir -p "$work"

# The model: the GPT-style decoder of test/models (4 layers, width 384,
# 8 heads, vocabulary 1024, 128 tokens), exported by Debian's PyTorch with
# seeded random weights, with a token sequence and PyTorch's logits for it.
if [ ! -f "$work/gpt.onnx" ]; then
  /usr/bin/python3 "$root/scripts/export_torch_models.py" "$work" gpt
fi
ids=$work/gpt.input.npy

echo "== One device: compile (kernels and buffer plan) =="
"$loomc" "$work/gpt.onnx" -o "$work/gpt1.loom" --report | tail -n 6
echo "== One device: run, against PyTorch =="
"$run" "$work/gpt1.loom" --input=@"$ids" --output=@"$work/gpt1.npy" \
  --expected=@"$work/gpt.output.npy" --rtol=1e-3 --atol=1e-4

echo "== Two devices, tensor parallel: compile (kernels and collectives) =="
"$loomc" "$work/gpt.onnx" --mesh=model=2 --parallel=tensor \
  -o "$work/gpt2.loom" --report
echo "== Two devices in process: run, against one device =="
"$run" "$work/gpt2.loom" --input=@"$ids" --output=@"$work/gpt2.npy" \
  --expected=@"$work/gpt1.npy" --rtol=1e-5 --atol=1e-6
echo "== Two devices over Open MPI, one per rank: run =="
mpirun --allow-run-as-root --oversubscribe --mca pml ob1 --mca btl self,vader \
  -np 2 "$run" "$work/gpt2.loom" --input=@"$ids" --output=@"$work/gpt2-mpi.npy"
cmp "$work/gpt2.npy" "$work/gpt2-mpi.npy" &&
  echo "the MPI run's logits equal the in-process run's, byte for byte"

echo "== Latency (ms, 2 host threads in all) =="
for devices in 1 2; do
  echo "$devices device(s): $("$run" "$work/gpt$devices.loom" --input=@"$ids" \
    --threads=2 --benchmark=20)"
done
