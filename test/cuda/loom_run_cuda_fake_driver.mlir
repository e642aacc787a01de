// The runtime's cuda driver against a stand-in for libcuda.so.1
// (FakeCudaDriver.c: device memory is host memory, a launch is logged and
// runs nothing): which image it loads for a GPU's compute capability, the
// grid and block of each launch, the host-fallback kernel run on the host
// between copies, and its errors. No GPU is involved; what a GPU computes
// is scripts/gpu-check.sh's to check.
// RUN: rm -rf %t && mkdir -p %t
// RUN: loomc %s --target=cuda -o %t/model.loom

// sm_90: the sm_90 cubin; the exp kernel is launched with the artifact's
// shape; the convolution (host fallback) runs on the host and its output is
// right: all ones over 512 channels and the four pixels every padded 3x3
// window covers, 2048.
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=%fake_cuda LOOM_FAKE_CUDA_LOG=%t/90.log \
// RUN:   loom-run %t/model.loom --device=cuda:0 --input=1x512x2x2xf32=1 --input=1x512x3x3xf32=1 --input=4xf32=0 \
// RUN:   --expected=c=1x1x2x2xf32=2048,2048,2048,2048 --output=e=@%t/e.npy
// RUN: FileCheck %s --check-prefix=SM90 --input-file=%t/90.log --implicit-check-not='{{.}}'
// SM90: load cubin
// SM90-NEXT: launch main_kernel_1 grid 1 1 1 block 4 1 1 shared 0

// sm_86 runs the sm_80 cubin; sm_100 has no cubin of its major version and
// JIT-compiles the PTX.
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=%fake_cuda LOOM_FAKE_CUDA_LOG=%t/86.log LOOM_FAKE_CUDA_CC=86 \
// RUN:   loom-run %t/model.loom --input=1x512x2x2xf32=1 --input=1x512x3x3xf32=1 --input=4xf32=0 --output=e=@%t/e.npy --output=c=@%t/c.npy
// RUN: FileCheck %s --check-prefix=SM86 --input-file=%t/86.log
// SM86: load cubin
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=%fake_cuda LOOM_FAKE_CUDA_LOG=%t/100.log LOOM_FAKE_CUDA_CC=100 \
// RUN:   loom-run %t/model.loom --input=1x512x2x2xf32=1 --input=1x512x3x3xf32=1 --input=4xf32=0 --output=e=@%t/e.npy --output=c=@%t/c.npy
// RUN: FileCheck %s --check-prefix=SM100 --input-file=%t/100.log
// SM100: load ptx sm_80

// A GPU older than every image, a GPU that is not there, an unknown option:
// one line each.
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=%fake_cuda LOOM_FAKE_CUDA_CC=75 not loom-run %t/model.loom --input=1x512x2x2xf32=1 --input=1x512x3x3xf32=1 --input=4xf32=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OLD --implicit-check-not='{{.}}'
// OLD: loom-run: error: {{.*}}model.loom: kernel library 0 has no code this GPU (sm_75) runs (it has Cubin sm_80, Cubin sm_90, Ptx sm_80); compile with --cuda-arch=sm_75
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=%fake_cuda not loom-run %t/model.loom --device=cuda:1 --input=1x512x2x2xf32=1 --input=1x512x3x3xf32=1 --input=4xf32=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ORDINAL --implicit-check-not='{{.}}'
// ORDINAL: loom-run: error: {{.*}}model.loom: cuda: no GPU cuda:1 (this machine has 1)
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=%fake_cuda not loom-run %t/model.loom --driver-option=cuda.stream=2 --input=1x512x2x2xf32=1 --input=1x512x3x3xf32=1 --input=4xf32=0 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OPTION --implicit-check-not='{{.}}'
// OPTION: loom-run: error: {{.*}}model.loom: unknown cuda driver option 'cuda.stream' (cuda.device is the one there is)
func.func @main(%x: tensor<1x512x2x2xf32> {loom.name = "x"}, %w: tensor<1x512x3x3xf32> {loom.name = "w"}, %y: tensor<4xf32> {loom.name = "y"})
    -> (tensor<1x1x2x2xf32> {loom.name = "c"}, tensor<4xf32> {loom.name = "e"}) {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x512x2x2xf32>, tensor<1x512x3x3xf32>) -> tensor<1x1x2x2xf32>
  %e = loom.exp %y : tensor<4xf32>
  return %c, %e : tensor<1x1x2x2xf32>, tensor<4xf32>
}
