//===- QdqFusion.h - QDQ convolutions and Gemms as integer ops ---*- C++ -*-===//
//
// Part of the Loom project.
//
// A statically quantized model in QDQ form computes each convolution or
// fully connected layer in float between DequantizeLinear and
// QuantizeLinear nodes:
//
//   QuantizeLinear([Relu](Conv(DQ(x), DQ(w), [DQ(b)])), y_scale, y_zp)
//   QuantizeLinear([Relu](Gemm(DQ(a), DQ(b), [DQ(c)])), y_scale, y_zp)
//
// Rounding to 8 bits after every layer makes such a graph sensitive to the
// order of the float sums: a sum that lands within an ulp of a rounding
// boundary flips one quantization step, and the flips spread through the
// network, so two float evaluations (the reference evaluator and the CPU,
// or ONNX Runtime without its graph optimizations) disagree on about half
// the logits of a QDQ ResNet-18. ONNX Runtime, the consumer QDQ models are
// written for, fuses these patterns into QLinearConv and QGemm: an exact
// integer product requantized once. This rewrite does the same before the
// import, so that Loom's result is the same on every target and ONNX
// Runtime's wherever ONNX Runtime fuses: a Conv becomes QLinearConv; a
// Gemm (alpha = beta = 1, no transA) becomes
//   QuantizeLinear(Cast<float>(MatMulInteger(a, b') + c) * m, 1, y_zp)
// with b' = b or its transpose and m = (a_scale * b_scale) / y_scale,
// QLinearConv's requantization in standard nodes.
//
// A MaxPool between DequantizeLinear and QuantizeLinear with the same
// scale and zero point, QuantizeLinear(MaxPool(DQ(x))), becomes MaxPool(x)
// on the 8-bit values, exactly the same function (as ONNX Runtime drops
// those nodes).
//
// The rewrite of a Conv or Gemm applies only where it computes the same
// function up to that rounding: the scales and zero points of the inputs and of y are
// constants, x (a) and y per tensor and w (b) per tensor or per output
// channel (column); the bias, when present, is an int32 constant
// dequantized with zero point 0 and the scale x_scale * w_scale; a Relu
// between the op and QuantizeLinear is dropped only when y's zero point is
// the type's lowest value, where the saturation already clamps at 0; the
// op's and the Relu's results have no other reader.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_QDQFUSION_H
#define LOOM_FRONTEND_ONNX_QDQFUSION_H

#include "llvm/ADT/StringRef.h"

namespace onnx {
class GraphProto;
} // namespace onnx

namespace loom::onnx_import {

/// Rewrites every QDQ convolution, Gemm and MaxPool of `graph` that
/// qualifies;
/// returns how many. `baseDirectory` locates external
/// tensor data.
int fuseQdqContractions(onnx::GraphProto &graph,
                        llvm::StringRef baseDirectory);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_QDQFUSION_H
