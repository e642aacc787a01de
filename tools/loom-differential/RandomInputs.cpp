//===- RandomInputs.cpp - Seeded random arguments for a function -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/RandomInputs.h"

#include "evaluator/Evaluator.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cmath>
#include <random>

using namespace mlir;

namespace loom::differential {

namespace {

/// FNV-1a: a hash that is the same on every platform and run, unlike
/// std::hash, so a seed reproduces the same inputs everywhere.
uint64_t stableHash(llvm::StringRef text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::pair<double, double> defaultRange(DType dtype) {
  if (isFloat(dtype))
    return {-2, 2};
  if (dtype == DType::I1)
    return {0, 1};
  return {-8, 8};
}

/// `loom.random = [lo, hi]` of argument `index`, or the default range.
FailureOr<std::pair<double, double>> rangeOf(func::FuncOp function,
                                             unsigned index, DType dtype) {
  Attribute attr = function.getArgAttr(index, kRandomRangeAttr);
  if (!attr)
    return defaultRange(dtype);
  auto array = dyn_cast<ArrayAttr>(attr);
  double bounds[2];
  bool valid = array && array.size() == 2;
  for (unsigned i = 0; valid && i < 2; ++i) {
    if (auto value = dyn_cast<FloatAttr>(array[i]))
      bounds[i] = value.getValueAsDouble();
    else if (auto value = dyn_cast<IntegerAttr>(array[i]))
      bounds[i] = static_cast<double>(value.getInt());
    else
      valid = false;
  }
  if (!valid || !(bounds[0] <= bounds[1]))
    return function.emitError()
           << "argument " << index << ": " << kRandomRangeAttr
           << " must be [lo, hi] with two numbers, lo <= hi";
  return std::make_pair(bounds[0], bounds[1]);
}

} // namespace

FailureOr<std::vector<Tensor>> randomInputs(func::FuncOp function,
                                            uint64_t seed) {
  std::mt19937_64 generator(seed ^ stableHash(function.getSymName()));
  std::vector<Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    std::optional<DType> dtype =
        tensorType ? eval::dtypeOf(tensorType.getElementType()) : std::nullopt;
    if (!dtype || !tensorType.hasStaticShape())
      return function.emitError()
             << "argument " << index << " is " << type
             << "; random inputs need a static shape of a Loom element type";
    FailureOr<std::pair<double, double>> range = rangeOf(function, index, *dtype);
    if (failed(range))
      return failure();
    auto [lo, hi] = *range;
    Tensor tensor(*dtype, Shape(tensorType.getShape()));
    if (isFloat(*dtype)) {
      std::uniform_real_distribution<double> distribution(lo, hi);
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setDouble(i, distribution(generator));
    } else {
      auto first = static_cast<int64_t>(std::ceil(lo));
      auto last = static_cast<int64_t>(std::floor(hi));
      if (first > last)
        return function.emitError() << "argument " << index << ": "
                                    << kRandomRangeAttr
                                    << " holds no integer";
      std::uniform_int_distribution<int64_t> distribution(first, last);
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        tensor.setInt(i, distribution(generator));
    }
    inputs.push_back(std::move(tensor));
  }
  return inputs;
}

} // namespace loom::differential
