//===- ResizeCoordinates.h - Where loom.resize reads its input --*- C++ -*-===//
//
// Part of the Loom project.
//
// The coordinate arithmetic of loom.resize (ONNX Resize's formulas), in f64.
// The evaluator and the linalg lowering (passes/LowerToLinalgIndexing.cpp,
// which tabulates it at compile time) share it, so that every backend reads
// the same input positions with the same weights as the reference.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_EVALUATOR_RESIZECOORDINATES_H
#define LOOM_EVALUATOR_RESIZECOORDINATES_H

#include "ir/LoomOps.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace loom::eval {

/// The input coordinate output coordinate `x` maps to along a dimension of
/// input size `in` and output size `out`.
inline double resizeSourceCoordinate(CoordinateTransform transform, int64_t x,
                                     double scale, int64_t in, int64_t out) {
  double position = static_cast<double>(x);
  switch (transform) {
  case CoordinateTransform::half_pixel:
    return (position + 0.5) / scale - 0.5;
  case CoordinateTransform::pytorch_half_pixel:
    return out > 1 ? (position + 0.5) / scale - 0.5 : 0.0;
  case CoordinateTransform::align_corners:
    return out == 1 ? 0.0
                    : position * static_cast<double>(in - 1) /
                          static_cast<double>(out - 1);
  case CoordinateTransform::asymmetric:
    return position / scale;
  case CoordinateTransform::tf_half_pixel_for_nn:
    return (position + 0.5) / scale;
  case CoordinateTransform::tf_crop_and_resize:
    break; // loom.runtime_resize's alone (it reads the roi)
  }
  return position;
}

/// `coordinate` rounded to an integer as nearest-neighbour resize does.
/// The fraction `c - floor(c)` is exact in f64, so ties are detected
/// exactly (floor(c + 0.5) would round 0.49999999999999994 up).
inline double roundResizeCoordinate(double coordinate,
                                    NearestRounding rounding) {
  double lower = std::floor(coordinate);
  switch (rounding) {
  case NearestRounding::floor:
    return lower;
  case NearestRounding::ceil:
  case NearestRounding::floor_growing_ceil_shrinking: // not loom.resize's
    return std::ceil(coordinate);
  case NearestRounding::round_prefer_floor:
  case NearestRounding::round_prefer_ceil: {
    double fraction = coordinate - lower;
    if (fraction != 0.5)
      return fraction < 0.5 ? lower : lower + 1;
    return rounding == NearestRounding::round_prefer_ceil ? lower + 1 : lower;
  }
  }
  return lower;
}

/// What one output coordinate reads along one dimension: the input positions
/// of its lower and upper neighbour and the upper's weight `w` (the lower's
/// is `1 - w`). Nearest mode reads `lower` only (`upper` and `w` are 0).
struct ResizeTap {
  int64_t lower = 0;
  int64_t upper = 0;
  double weight = 0;
};

/// The tap of output coordinate `x` along dimension `dim` of `op`, whose
/// input has size `in` (at least 1) and output size `out` there.
inline ResizeTap resizeTap(ResizeOp op, int64_t dim, int64_t in, int64_t out,
                           int64_t x) {
  double last = static_cast<double>(in - 1);
  double coordinate = resizeSourceCoordinate(
      op.getCoordinateTransform(), x, op.getScales()[dim], in, out);
  ResizeTap tap;
  if (op.getMode() == ResizeMode::linear) {
    coordinate = std::clamp(coordinate, 0.0, last);
    double lower = std::floor(coordinate);
    tap.weight = coordinate - lower;
    tap.lower = static_cast<int64_t>(lower);
    tap.upper = std::min(tap.lower + 1, in - 1);
  } else {
    tap.lower = static_cast<int64_t>(std::clamp(
        roundResizeCoordinate(coordinate, op.getNearestRounding()), 0.0,
        last));
  }
  return tap;
}

} // namespace loom::eval

#endif // LOOM_EVALUATOR_RESIZECOORDINATES_H
