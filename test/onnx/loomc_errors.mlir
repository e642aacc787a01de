// loomc's error paths on damaged or unsupported models: one line naming the
// file (and the node, where there is one), exit code 1, no crash.

// A truncated model.
// RUN: head -c 60 %onnx_data/node/test_add/model.onnx > %t.truncated.onnx
// RUN: not loomc %t.truncated.onnx 2> %t.truncated.err
// RUN: FileCheck %s --check-prefix=TRUNCATED --input-file=%t.truncated.err
// TRUNCATED: truncated.onnx: not a valid ONNX model (the protobuf data is malformed or truncated)
// TRUNCATED-NOT: {{.}}

// Flipped bytes in the model's header.
// RUN: cp %onnx_data/node/test_add/model.onnx %t.flipped.onnx
// RUN: printf '\377\377\377\377' | dd of=%t.flipped.onnx bs=1 seek=2 conv=notrunc 2> /dev/null
// RUN: not loomc %t.flipped.onnx 2>&1 | FileCheck %s --check-prefix=FLIPPED
// FLIPPED: flipped.onnx: not a valid ONNX model (the protobuf data is malformed or truncated)

// A file that is not there, and a format loomc does not know.
// RUN: not loomc %t.missing.onnx 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: missing.onnx: cannot read the file: No such file or directory
// RUN: not loomc %s.txt 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: unknown model format (expected .onnx or .mlir)

// A bad --input-shape.
// RUN: not loomc %onnx_data/node/test_add/model.onnx --input-shape=x:3xq 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: {{^}}--input-shape 'x:3xq': 'q' is not a dimension size
// RUN: not loomc %onnx_data/node/test_add/model.onnx --input-shape=nope:3x4x5 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: model.onnx: --input-shape names input 'nope', which the model does not have

// A model with an operator Loom does not support names the node.
// RUN: not loomc %onnx_data/node/test_bernoulli/model.onnx 2>&1 | FileCheck %s --check-prefix=UNKNOWN-OP
// UNKNOWN-OP: model.onnx: node 'Bernoulli_0' (Bernoulli, opset {{[0-9]+}}): operator is not supported
