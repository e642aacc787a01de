//===- OnnxVersionConverter.h - Upgrades old opsets with ONNX's converter -*- C++ -*-===//
//
// Part of the Loom project.
//
// Models at opsets 1 to 6 of the default domain are upgraded to the
// importer's lowest opset with ONNX's own version converter
// (onnx/version_converter/convert.h, in Debian's libonnx), after ONNX's
// checker has accepted them. The converter refuses, with its reason, the
// conversions it cannot make exactly (an operator without an adapter such
// as Cast-1, a training-mode BatchNormalization or Dropout, is_test = 0),
// and every attribute its adapters of opsets 1 to 7 remove is carried over
// (consumed_inputs is an in-place hint; broadcast/axis become numpy
// broadcasts; Reshape's shape becomes an input; Upsample's scales become
// `scales`), so an upgrade that succeeds loses nothing but
// one case, reported (OpsetUpgrade::lossy). One adapter is
// corrected: the converter passes PRelu from opset 6 to 7 unchanged, but a
// one-dimensional slope of C values applied per channel before opset 7
// broadcasts from the right after it, so such a slope gets an Unsqueeze to
// C x 1 x ... x 1.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_ONNXVERSIONCONVERTER_H
#define LOOM_FRONTEND_ONNX_ONNXVERSIONCONVERTER_H

#include <optional>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace loom::onnx_import {

struct OpsetUpgrade {
  /// What the upgrade changed in meaning, one line each. The one case:
  /// BatchNormalization and Dropout without `is_test`, which before opset 7
  /// means 0, training mode; ONNX's converter checks only an is_test that
  /// is written, and opset 7 has only inference, so they become inference.
  std::vector<std::string> lossy;
  /// PRelu slopes given an Unsqueeze to apply per channel (see above).
  int channelSlopes = 0;
};

/// Converts `model` in place to `targetOpset` of the default domain. On
/// failure returns nullopt and sets `error` to the checker's or the
/// converter's reason (one line).
std::optional<OpsetUpgrade> upgradeOpset(onnx::ModelProto &model,
                                         int targetOpset, std::string &error);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_ONNXVERSIONCONVERTER_H
