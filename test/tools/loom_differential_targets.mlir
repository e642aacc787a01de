// How loom-differential holds each target to the evaluator
// (tools/loom-differential/TargetNumerics.h), on ONNX models whose outputs
// are given with --actual, as check_model.sh hands it loom-run's: the
// systolic target bit for bit against the Bf16Matmul mode (1 + 2^-8 rounds
// to the bf16 1, so the 2x2 matmul of that and ones gives 4, not f32's
// 4.015625), -0.0 apart from +0.0, and within a relative L2 error of the
// reference; the CPU at tolerances against f32.

// RUN: loom-differential %onnx_data/node/test_matmul_2d/model.onnx --target=systolic --input=3x4xf32=1.00390625 --input=4x3xf32=1 --actual=3x3xf32=4 --expected=3x3xf32=4.015625 | FileCheck %s --check-prefix=BF16
// BF16: model.onnx: ok (1 output, bit-exact to the evaluator's bf16-matmul mode, relative L2 error 0.00389 against the reference)

// Without a reference, the error is measured against the f32 evaluator.
// RUN: loom-differential %onnx_data/node/test_matmul_2d/model.onnx --target=systolic --input=3x4xf32=1.00390625 --input=4x3xf32=1 --actual=3x3xf32=4 | FileCheck %s --check-prefix=F32
// F32: model.onnx: ok (1 output, bit-exact to the evaluator's bf16-matmul mode, relative L2 error 0.00389 against f32)

// RUN: not loom-differential %onnx_data/node/test_matmul_2d/model.onnx --target=systolic --input=3x4xf32=1.00390625 --input=4x3xf32=1 --actual=3x3xf32=4 --expected=3x3xf32=4.015625 --expected-rel-l2=1e-3 2>&1 | FileCheck %s --check-prefix=L2
// L2: loom-differential: error: {{.*}}model.onnx output 0 (3x3xf32) is off the reference by a relative L2 error of 0.00389 (tolerance 0.001)

// RUN: not loom-differential %onnx_data/node/test_relu/model.onnx --target=systolic --input=3x4x5xf32=-1.5 --actual=3x4x5xf32=-0.0 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: loom-differential: error: {{.*}}model.onnx output 0 (3x4x5xf32) differs from the evaluator's bf16-matmul mode: 60 of 60 elements differ in their bits; first at index 0 [0, 0, 0]: got -0 (0x80000000), expected 0 (0x00000000)

// RUN: not loom-differential %onnx_data/node/test_matmul_2d/model.onnx --target=cpu --input=3x4xf32=1.00390625 --input=4x3xf32=1 --actual=3x3xf32=4 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: loom-differential: error: {{.*}}model.onnx output 0 (3x3xf32) differs from the evaluator (rtol 0.0001, atol 1e-05): 9 of 9 elements differ; first at index 0 [0, 0]: got 4, expected 4.015625

// RUN: not loom-differential %onnx_data/node/test_matmul_2d/model.onnx --target=systolic --input=3x4xf32=1 --input=4x3xf32=1 --actual=3x3xf32=4 --actual=3x3xf32=4 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: loom-differential: error: {{.*}}model.onnx produced 2 outputs, the evaluator 1

// RUN: not loom-differential %onnx_data/node/test_matmul_2d/model.onnx 2>&1 | FileCheck %s --check-prefix=NO-INPUT
// NO-INPUT: loom-differential: error: {{.*}}model.onnx needs its inputs (--input=@FILE.npy)

// RUN: not loom-differential %s --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=NOT-MODEL
// NOT-MODEL: loom-differential: error: --input, --expected and --actual are for ONNX models; {{.*}}loom_differential_targets.mlir gets random inputs

// Any NaN matches any NaN (neg flips the sign bit of the evaluator's NaN;
// NaN payloads and signs are no part of a contract), and equal infinities
// add nothing to the error; an infinity against a finite reference makes it
// infinite.
// RUN: loom-differential %onnx_data/node/test_neg/model.onnx --target=systolic --input=3x4x5xf32=nan --actual=3x4x5xf32=nan --expected=3x4x5xf32=nan | FileCheck %s --check-prefix=NAN
// NAN: model.onnx: ok (1 output, bit-exact to the evaluator's bf16-matmul mode, relative L2 error 0 against the reference)
// RUN: loom-differential %onnx_data/node/test_neg/model.onnx --target=systolic --input=3x4x5xf32=inf --actual=3x4x5xf32=-inf --expected=3x4x5xf32=-inf | FileCheck %s --check-prefix=INF
// INF: model.onnx: ok (1 output, bit-exact to the evaluator's bf16-matmul mode, relative L2 error 0 against the reference)
// RUN: not loom-differential %onnx_data/node/test_neg/model.onnx --target=systolic --input=3x4x5xf32=inf --actual=3x4x5xf32=-inf --expected=3x4x5xf32=1 2>&1 | FileCheck %s --check-prefix=INF-L2
// INF-L2: model.onnx output 0 (3x4x5xf32) is off the reference by a relative L2 error of inf (tolerance 0.02)

// A target's options as its loomc flags take them: without its host
// fallback the systolic target refuses a kernel the chip cannot run (an
// f64 layer norm) instead of running it on the host, so a test that sets it
// shows that its kernels ran on the chip.
// RUN: not loom-differential %S/../codegen/layer_norm_large_mean.mlir --function=layer_norm_large_mean_f64 --target=systolic --target-option=host-fallback=false 2>&1 | FileCheck %s --check-prefix=ON-CHIP
// ON-CHIP: loom-differential: error: @layer_norm_large_mean_f64 does not compile: {{.*}}systolic: kernel @layer_norm_large_mean_f64_kernel_0 (loom.layer_norm) reduces a tensor other than a static f32 one
// RUN: not loom-differential %s --target-option=host-fallback 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: loom-differential: error: --target-option 'host-fallback' is not NAME=VALUE
// RUN: not loom-differential %S/../codegen/layer_norm_large_mean.mlir --function=layer_norm_large_mean_f64 --target=systolic --target-option=host-fallback=maybe 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: systolic target: host-fallback must be true or
