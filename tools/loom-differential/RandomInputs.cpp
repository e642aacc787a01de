//===- RandomInputs.cpp - Seeded random arguments for a function -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/RandomInputs.h"

#include "evaluator/Evaluator.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cmath>
#include <limits>
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

/// `loom.random = [lo, hi]` of argument `index`, or none.
FailureOr<std::optional<std::pair<double, double>>>
rangeOf(func::FuncOp function, unsigned index) {
  Attribute attr = function.getArgAttr(index, kRandomRangeAttr);
  if (!attr)
    return std::optional<std::pair<double, double>>();
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
  return std::optional(std::make_pair(bounds[0], bounds[1]));
}

using Generator = std::mt19937_64;

double uniform(Generator &generator, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(generator);
}
int64_t uniformInt(Generator &generator, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(generator);
}
bool oneIn(Generator &generator, int n) { return uniformInt(generator, 0, n - 1) == 0; }
double randomSign(Generator &generator) { return oneIn(generator, 2) ? -1 : 1; }

/// The smallest positive subnormal of a float dtype, and a huge value whose
/// square, and a sum of a hundred squares, stay finite: an overflowing
/// product meeting an infinity gives NaN when multiplied and added apart
/// and the infinity in a fused multiply-add, a difference no target
/// promises to avoid.
double smallestSubnormal(DType dtype) {
  switch (dtype) {
  case DType::F16: return std::ldexp(1.0, -24);
  case DType::BF16: return std::ldexp(1.0, -133);
  case DType::F64: return std::numeric_limits<double>::denorm_min();
  default: return std::numeric_limits<float>::denorm_min();
  }
}
double hugeValue(DType dtype) {
  switch (dtype) {
  case DType::F16: return 20;
  case DType::F64: return 1e150;
  default: return 1e18;
  }
}
/// Bits of a float dtype's mantissa: how far above the smallest subnormal
/// the subnormals reach.
int mantissaBits(DType dtype) {
  switch (dtype) {
  case DType::F16: return 10;
  case DType::BF16: return 7;
  case DType::F64: return 52;
  default: return 23;
  }
}

std::pair<int64_t, int64_t> integerLimits(DType dtype) {
  switch (dtype) {
  case DType::I1: return {0, 1};
  case DType::I8: return {std::numeric_limits<int8_t>::min(), std::numeric_limits<int8_t>::max()};
  case DType::I32: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  case DType::I16: return {std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max()};
  // Unsigned: negative values written by the other distributions wrap to
  // the top of the range, which is where unsigned arithmetic differs.
  case DType::UI8: return {0, std::numeric_limits<uint8_t>::max()};
  case DType::UI16: return {0, std::numeric_limits<uint16_t>::max()};
  case DType::UI32: return {0, std::numeric_limits<uint32_t>::max()};
  case DType::UI64: return {0, std::numeric_limits<int64_t>::max()};
  default: return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  }
}

/// Fills a float tensor without a range of its own.
void fillFloat(Tensor &tensor, Distribution distribution, Generator &generator) {
  DType dtype = tensor.dtype();
  int64_t count = tensor.numElements();
  switch (distribution) {
  case Distribution::Uniform:
    for (int64_t i = 0; i < count; ++i)
      tensor.setDouble(i, uniform(generator, -2, 2));
    return;
  case Distribution::Positive:
    for (int64_t i = 0; i < count; ++i)
      tensor.setDouble(i, uniform(generator, 0, 4));
    return;
  case Distribution::Negative:
    for (int64_t i = 0; i < count; ++i)
      tensor.setDouble(i, uniform(generator, -4, 0));
    return;
  case Distribution::Wide: {
    double span = dtype == DType::F64 ? 60 : dtype == DType::F16 ? 6 : 24;
    for (int64_t i = 0; i < count; ++i)
      tensor.setDouble(i, randomSign(generator) *
                              std::exp2(uniform(generator, -span, span)));
    return;
  }
  case Distribution::Special: {
    double tiny = smallestSubnormal(dtype), huge = hugeValue(dtype);
    // Huge values of one sign per tensor: +huge and -huge in one sum cancel
    // to whatever the order of the additions leaves, which differs between
    // any two orders (catastrophic cancellation, not a miscompile).
    huge *= randomSign(generator);
    int bits = mantissaBits(dtype);
    for (int64_t i = 0; i < count; ++i) {
      double value = uniform(generator, -2, 2);
      if (oneIn(generator, 8)) {
        switch (uniformInt(generator, 0, 11)) {
        case 0: value = std::numeric_limits<double>::quiet_NaN(); break;
        case 1: value = std::numeric_limits<double>::infinity(); break;
        case 2: value = -std::numeric_limits<double>::infinity(); break;
        case 3: value = -0.0; break;
        case 4: value = 0.0; break;
        case 5: value = tiny; break;
        case 6: value = -tiny; break;
        case 7:
          value = randomSign(generator) * tiny *
                  std::floor(std::exp2(uniform(generator, 0, bits)));
          break;
        case 8: value = huge; break;
        case 9: value = huge / 3; break;
        case 10: value = 1; break;
        default: value = -1; break;
        }
      }
      tensor.setDouble(i, value);
    }
    return;
  }
  case Distribution::NearConstant: {
    bool half = dtype == DType::F16 || dtype == DType::BF16;
    double center = randomSign(generator) *
                    std::pow(10.0, half ? uniform(generator, 1, 3)
                                        : uniform(generator, 2, 4));
    for (int64_t i = 0; i < count; ++i)
      tensor.setDouble(i, center + uniform(generator, 0, 1));
    return;
  }
  }
}

/// Fills an integer tensor without a range of its own.
void fillInteger(Tensor &tensor, Distribution distribution,
                 Generator &generator) {
  DType dtype = tensor.dtype();
  int64_t count = tensor.numElements();
  auto [min, max] = integerLimits(dtype);
  if (dtype == DType::I1) {
    for (int64_t i = 0; i < count; ++i) {
      int64_t value = uniformInt(generator, 0, 1);
      if (distribution == Distribution::Positive)
        value = 1;
      else if (distribution == Distribution::Negative)
        value = 0;
      else if (distribution == Distribution::NearConstant)
        value = !oneIn(generator, 16);
      tensor.setInt(i, value);
    }
    return;
  }
  int64_t center = 0;
  if (distribution == Distribution::NearConstant)
    center = dtype == DType::I8
                 ? uniformInt(generator, -100, 100)
                 : uniformInt(generator, -1000000, 1000000);
  const int64_t extremes[] = {min, max, min + 1, max - 1, 0, 1, -1};
  for (int64_t i = 0; i < count; ++i) {
    int64_t value = 0;
    switch (distribution) {
    case Distribution::Uniform: value = uniformInt(generator, -8, 8); break;
    case Distribution::Positive: value = uniformInt(generator, 0, 100); break;
    case Distribution::Negative: value = uniformInt(generator, -100, -1); break;
    case Distribution::Wide: value = uniformInt(generator, min, max); break;
    case Distribution::Special:
      value = oneIn(generator, 4) ? extremes[uniformInt(generator, 0, 6)]
                                  : uniformInt(generator, -8, 8);
      break;
    case Distribution::NearConstant:
      value = center + uniformInt(generator, 0, 3);
      break;
    }
    tensor.setInt(i, value);
  }
}

/// Fills a tensor within `loom.random`'s [lo, hi], as the distribution
/// chooses: `special` puts one element in four on an end, `near-constant`
/// stays within a band of a hundredth of the range; the others are uniform.
LogicalResult fillInRange(Tensor &tensor, double lo, double hi,
                          Distribution distribution, Generator &generator) {
  int64_t count = tensor.numElements();
  if (isFloat(tensor.dtype())) {
    double bandLo = lo, bandHi = hi;
    if (distribution == Distribution::NearConstant) {
      bandLo = uniform(generator, lo, hi);
      bandHi = std::min(hi, bandLo + (hi - lo) / 100);
    }
    for (int64_t i = 0; i < count; ++i) {
      double value = uniform(generator, bandLo, bandHi);
      if (distribution == Distribution::Special && oneIn(generator, 4))
        value = oneIn(generator, 2) ? lo : hi;
      tensor.setDouble(i, value);
    }
    return success();
  }
  auto first = static_cast<int64_t>(std::ceil(lo));
  auto last = static_cast<int64_t>(std::floor(hi));
  if (first > last)
    return failure();
  int64_t bandFirst = first, bandLast = last;
  if (distribution == Distribution::NearConstant) {
    bandFirst = uniformInt(generator, first, last);
    bandLast = std::min(last, bandFirst + 3);
  }
  for (int64_t i = 0; i < count; ++i) {
    int64_t value = uniformInt(generator, bandFirst, bandLast);
    if (distribution == Distribution::Special && oneIn(generator, 4))
      value = oneIn(generator, 2) ? first : last;
    tensor.setInt(i, value);
  }
  return success();
}

constexpr Distribution kDistributions[] = {
    Distribution::Uniform, Distribution::Positive, Distribution::Negative,
    Distribution::Wide,    Distribution::Special,  Distribution::NearConstant};

} // namespace

llvm::ArrayRef<Distribution> allDistributions() { return kDistributions; }

llvm::StringRef distributionName(Distribution distribution) {
  switch (distribution) {
  case Distribution::Uniform: return "uniform";
  case Distribution::Positive: return "positive";
  case Distribution::Negative: return "negative";
  case Distribution::Wide: return "wide";
  case Distribution::Special: return "special";
  case Distribution::NearConstant: return "near-constant";
  }
  return "uniform";
}

std::optional<Distribution> parseDistribution(llvm::StringRef name) {
  for (Distribution distribution : kDistributions)
    if (distributionName(distribution) == name)
      return distribution;
  return std::nullopt;
}

FailureOr<std::vector<Tensor>> randomInputs(func::FuncOp function,
                                            uint64_t seed,
                                            Distribution distribution) {
  // The uniform draw keeps the seeding it always had, so its inputs (and
  // every test's results with it) are those of earlier versions.
  uint64_t stream = stableHash(function.getSymName());
  if (distribution != Distribution::Uniform)
    stream ^= stableHash(distributionName(distribution)) * 31;
  Generator generator(seed ^ stream);
  std::vector<Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    std::optional<DType> dtype =
        tensorType ? eval::dtypeOf(tensorType.getElementType()) : std::nullopt;
    if (!dtype || !tensorType.hasStaticShape())
      return function.emitError()
             << "argument " << index << " is " << type
             << "; random inputs need a static shape of a Loom element type";
    FailureOr<std::optional<std::pair<double, double>>> range =
        rangeOf(function, index);
    if (failed(range))
      return failure();
    Tensor tensor(*dtype, Shape(tensorType.getShape()));
    if (*range) {
      auto [lo, hi] = **range;
      if (failed(fillInRange(tensor, lo, hi, distribution, generator)))
        return function.emitError() << "argument " << index << ": "
                                    << kRandomRangeAttr
                                    << " holds no integer";
    } else if (isFloat(*dtype)) {
      fillFloat(tensor, distribution, generator);
    } else {
      fillInteger(tensor, distribution, generator);
    }
    inputs.push_back(std::move(tensor));
  }
  return inputs;
}

} // namespace loom::differential
