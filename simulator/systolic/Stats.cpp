//===- Stats.cpp - Names of units and stall causes -------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Stats.h"

#include <fmt/format.h>

namespace loom::systolic {

const char *stallCauseName(StallCause cause) {
  switch (cause) {
  case StallCause::FlagWait:
    return "flag wait";
  case StallCause::ScalarLoadHazard:
    return "s.ld waits for vst";
  case StallCause::DmaQueueFull:
    return "DMA queue full";
  case StallCause::MxuQueueFull:
    return "MXU queue full";
  case StallCause::VectorQueueFull:
    return "vector queue full";
  case StallCause::IciQueueFull:
    return "link queue full";
  case StallCause::HbmBandwidth:
    return "HBM channel busy";
  case StallCause::DmaVmemHazard:
    return "DMA/send source not yet stored";
  case StallCause::WeightLoad:
    return "matmul waits for weight load";
  case StallCause::MxuOperandHazard:
    return "MXU operand not yet stored";
  case StallCause::MxuResultWait:
    return "pop waits for matmul";
  case StallCause::VectorDependency:
    return "vector operand not ready";
  case StallCause::LinkContention:
    return "link contention";
  case StallCause::Count:
    break;
  }
  return "unknown";
}

std::string unitName(int unit) {
  switch (unit) {
  case kUnitScalar:
    return "scalar";
  case kUnitDma:
    return "dma";
  case kUnitVector:
    return "vector";
  case kUnitIci:
    return "links";
  default:
    return fmt::format("mxu{}", unit - kUnitMxu0);
  }
}

} // namespace loom::systolic
