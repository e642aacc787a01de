// Outputs whose size depends on data (docs/dynamic-shapes.md): loom-run
// prints them at their actual shapes, says those on stderr, and writes them
// to .npy; an all-zero input gives an empty result. The model is NonZero
// from the ONNX suite, its input a 2x2 bool.
// RUN: rm -rf %t && mkdir -p %t
// RUN: loomc %onnx_data/node/test_nonzero_example/model.onnx --target=cpu -o %t/nz.loom
// RUN: loom-run %t/nz.loom --input=2x2xi1=1,0,1,1 2>%t/ran | FileCheck %s --check-prefix=SOME
// RUN: FileCheck %s --check-prefix=RAN < %t/ran
// SOME: output 'result': 2x3xi64 [0, 1, 1, 0, 0, 1]
// RAN: data-dependent shapes: result=2x3xi64

// RUN: loom-run %t/nz.loom --input=2x2xi1=0 --output=@%t/none.npy 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: data-dependent shapes: result=2x0xi64
// RUN: python3 -c "import sys; print(open(sys.argv[1], 'rb').read(128))" %t/none.npy | FileCheck %s --check-prefix=NPY
// NPY: 'descr': '<i8', 'fortran_order': False, 'shape': (2, 0)

// Compress without an axis: the condition picks elements 1 and 4 of the
// flattened 3x2 input.
// RUN: loomc %onnx_data/node/test_compress_default_axis/model.onnx --target=cpu -o %t/compress.loom
// RUN: loom-run %t/compress.loom --input=3x2xf32=1,2,3,4,5,6 --input=5xi1=0,1,0,0,1 2>/dev/null | FileCheck %s --check-prefix=COMPRESS
// COMPRESS: output 'output': 2xf32 [2, 5]
