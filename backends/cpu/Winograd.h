//===- Winograd.h - Which convolutions take the Winograd call ---*- C++ -*-===//
//
// Part of the Loom project.
//
// What loom-cpu-distribute-workgroups and loom-cpu-winograd-conv-to-ukernel
// agree on: the im2col that marks a 3x3, stride-1 convolution, and the
// tiles such a convolution's workgroups get so that the Winograd call
// (loom_ukernel_conv2d_3x3_winograd_f32) repays transforming the filters in
// every workgroup.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_WINOGRAD_H
#define LOOM_BACKENDS_CPU_WINOGRAD_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <cstdint>

namespace loom::cpu {

/// The fewest 2x2 output tiles a workgroup's convolution needs for the
/// Winograd call: each call transforms its F x C filters, which fewer
/// output tiles do not repay (docs/cpu-backend.md).
constexpr int64_t kWinogradMinTiles = 64;

/// Whether `op` (on tensors or buffers) copies `input[.., c, oh + i, ow +
/// j]` into `output[c, i, j, .., oh, ow]` for a 3x3 window: the im2col of
/// a 3x3, stride-1, undilated convolution. The loops between the window
/// and the output rows (a batch) must be unit ones unless `allowBatch`.
bool isWinogradIm2col(mlir::linalg::GenericOp op, bool allowBatch);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_WINOGRAD_H
