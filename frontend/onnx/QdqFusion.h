//===- QdqFusion.h - QDQ convolutions as QLinearConv -------------*- C++ -*-===//
//
// Part of the Loom project.
//
// A statically quantized model in QDQ form computes each convolution in
// float between DequantizeLinear and QuantizeLinear nodes:
//
//   QuantizeLinear([Relu](Conv(DQ(x), DQ(w), [DQ(b)])), y_scale, y_zp)
//
// Rounding to 8 bits after every layer makes such a graph sensitive to the
// order of the float sums: a sum that lands within an ulp of a rounding
// boundary flips one quantization step, and the flips spread through the
// network, so two float evaluations (the reference evaluator and the CPU,
// or ONNX Runtime without its graph optimizations) disagree on about half
// the logits of a QDQ ResNet-18. ONNX Runtime, the consumer QDQ models are
// written for, fuses the pattern into QLinearConv, an exact i32
// accumulation requantized once. This rewrite does the same before the
// import, so that Loom's result is ONNX Runtime's on every target.
//
// The rewrite applies only where it computes the same function up to that
// rounding: the scales and zero points of x, w and y are constants, x and y
// per tensor and w per tensor or per output channel (axis 0); the bias,
// when present, is an int32 constant dequantized with zero point 0 and the
// scale x_scale * w_scale; a Relu between Conv and QuantizeLinear is dropped
// only when y's zero point is the type's lowest value, where the
// saturation already clamps at 0; the Conv and Relu results have no other
// reader.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_QDQFUSION_H
#define LOOM_FRONTEND_ONNX_QDQFUSION_H

#include "llvm/ADT/StringRef.h"

namespace onnx {
class GraphProto;
} // namespace onnx

namespace loom::onnx_import {

/// Rewrites every QDQ convolution of `graph` that qualifies into one
/// QLinearConv node; returns how many. `baseDirectory` locates external
/// tensor data.
int fuseQdqConvolutions(onnx::GraphProto &graph,
                        llvm::StringRef baseDirectory);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_QDQFUSION_H
