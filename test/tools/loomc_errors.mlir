// loomc's flag and model errors: one line each on stderr, exit code 1.

// RUN: not loomc %s --target=gpu 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: unknown target 'gpu' (known targets: cpu, systolic{{(, cuda)?}})

// RUN: not loomc %s -O4 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: Unknown command line argument '-O4'

// RUN: not loomc %s --emit=binary 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: loomc: --emit=binary: expected loom, sharded, dispatches, artifact or a stage of target 'cpu' (linalg, llvm, asm)

// RUN: not loomc 2>&1 | FileCheck %s --check-prefix=NO-MODEL
// NO-MODEL: loomc: no model given (loomc MODEL.onnx|MODEL.mlir; see --help)

// The registry lists every target with its options and stages.
// RUN: loomc --help-targets | FileCheck %s --check-prefix=TARGETS
// TARGETS: cpu: the host CPU, through LLVM (x86-64)
// TARGETS-NEXT: option --cpu: LLVM CPU name
// TARGETS-NEXT: option --cpu-features: LLVM target features
// TARGETS-NEXT: option --runtime-checks: true or false
// TARGETS-NEXT: option --winograd: true or false
// TARGETS-NEXT: --emit=linalg:
// TARGETS-NEXT: --emit=llvm:
// TARGETS-NEXT: --emit=asm:

// RUN: not loomc %s --report 2>&1 | FileCheck %s --check-prefix=REPORT-EMIT
// REPORT-EMIT: loomc: --report describes a compiled artifact; use it with --emit=artifact
// RUN: not loomc %s --emit=artifact --report 2>&1 | FileCheck %s --check-prefix=REPORT-STDOUT
// REPORT-STDOUT: loomc: --report prints to stdout; write the artifact with -o FILE

// Code generation needs static shapes; the simplified graph does not.
// RUN: loomc %s --emit=loom | FileCheck %s --check-prefix=DYNAMIC-LOOM
// DYNAMIC-LOOM: loom.exp %{{.*}} : tensor<?x8xf32>
// RUN: not loomc %s --emit=dispatches 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: not loomc %s -o %t.loom 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: loomc_errors.mlir:[[@LINE+8]]:1: error: input 'x' has type 'tensor<?x8xf32>'; code generation needs static shapes (give them with --input-shape, or bound the dynamic ones with --max-dim)
// RUN: not ls %t.loom

// RUN: not loomc %s --input-shape=y:2x8 2>&1 | FileCheck %s --check-prefix=SHAPE-NAME
// SHAPE-NAME: error: --input-shape: no input named 'y'
// RUN: not loomc %s --input-shape=x:2x8x1 2>&1 | FileCheck %s --check-prefix=SHAPE-RANK
// SHAPE-RANK: error: --input-shape: input #0 has type 'tensor<?x8xf32>', which the given shape does not fit

func.func @main(%x: tensor<?x8xf32> {loom.name = "x"}) -> tensor<?x8xf32> {
  %0 = loom.exp %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// RUN: not loomc %t.missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: missing.mlir: cannot open input file '{{.*}}missing.mlir': No such file or directory
// RUN: not loomc %t.model.txt 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: model.txt: unknown model format (expected .onnx or .mlir)
