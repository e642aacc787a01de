// README command 1's main job: the bundled example compiled by loomc for
// the host CPU and run by loom-run on the input of scripts/run-example.sh
// (element i is i/16 - 1). The expected values are the model's formula
// evaluated in double precision (gelu with erf); examples/embed checks the
// same numbers through the C APIs.

// RUN: loomc %S/../../examples/mlp.mlir -o %t.loom --report | FileCheck %s --check-prefix=REPORT
// REPORT: mlp_kernel_0 {{[0-9]+x[0-9]+x[0-9]+}} 1152 192 256
// REPORT: mlp_kernel_1 {{[0-9]+x[0-9]+x[0-9]+}} 256 256 32
// REPORT: constant bytes: 64

// RUN: loom-run %t.loom --input=4x8xf32=-1,-0.9375,-0.875,-0.8125,-0.75,-0.6875,-0.625,-0.5625,-0.5,-0.4375,-0.375,-0.3125,-0.25,-0.1875,-0.125,-0.0625,0,0.0625,0.125,0.1875,0.25,0.3125,0.375,0.4375,0.5,0.5625,0.625,0.6875,0.75,0.8125,0.875,0.9375 \
// RUN:   --expected=4x2xf32=-0.9747405,-0.9747405,-1.9564830,-1.9564830,-3.2307705,-3.2307705,-4.7945180,-4.7945180 --rtol=1e-5 --atol=1e-6
