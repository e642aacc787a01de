//===- ElementwiseConverters.cpp - ONNX elementwise ops to loom --------------===//
//
// Part of the Loom project.
//
// Arithmetic, comparison and logical ops map one to one (all ONNX opsets
// from 7 use NumPy broadcasting); activations without a loom op of their own
// are decomposed into elementwise loom ops.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"
#include "frontend/onnx/TensorProto.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <cmath>

using namespace mlir;

namespace loom::onnx_import {
namespace {

template <typename OpT> LogicalResult convertBinary(NodeContext &node) {
  return node.setResults({node.create<OpT>(node.input(0), node.input(1))});
}

template <typename OpT> LogicalResult convertUnary(NodeContext &node) {
  return node.setResults({node.create<OpT>(node.input(0))});
}

template <ComparePredicate predicate>
LogicalResult convertCompare(NodeContext &node) {
  return node.setResults(
      {node.create<CompareOp>(predicate, node.input(0), node.input(1))});
}

/// Max, Min, Sum and Mean take one or more inputs.
template <typename OpT> Value foldInputs(NodeContext &node) {
  if (node.numInputs() == 0) {
    (void)node.fail("needs at least one input");
    return {};
  }
  Value result = node.input(0);
  for (size_t i = 1; i < node.numInputs() && result; ++i)
    result = node.create<OpT>(result, node.input(i));
  return result;
}

LogicalResult convertMean(NodeContext &node) {
  Value sum = foldInputs<AddOp>(node);
  if (!sum || node.numInputs() == 1)
    return node.setResults({sum});
  Value count = node.scalar(elementTypeOf(sum), node.numInputs());
  return node.setResults({node.create<DivOp>(sum, count)});
}

/// Pow: the exponent may have another numeric type than the base (T1 in
/// ONNX). The result has the base's type; as ONNX computes
/// `numpy.power(base, exponent).astype(base.dtype)`, mixed types are
/// raised in the promoted type (f64 when either side is a float, i64 for
/// two integer types) and the result converted back.
LogicalResult convertPow(NodeContext &node) {
  Value base = node.input(0), exponent = node.input(1);
  if (!base || !exponent)
    return node.fail("Pow needs a base and an exponent");
  Type baseType = elementTypeOf(base), exponentType = elementTypeOf(exponent);
  if (baseType == exponentType)
    return node.setResults({node.create<PowOp>(base, exponent)});
  if (baseType.isInteger(1) || exponentType.isInteger(1))
    return node.fail("Pow does not take booleans");
  Builder &b = node.builder();
  Type promoted = isa<FloatType>(baseType) || isa<FloatType>(exponentType)
                      ? Type(b.getF64Type())
                      : Type(b.getI64Type());
  auto convert = [&](Value value, Type type) {
    auto tensorType = cast<RankedTensorType>(value.getType());
    if (tensorType.getElementType() == type)
      return value;
    return node.createTyped<CastOp>(tensorType.clone(type), value);
  };
  base = convert(base, promoted);
  exponent = convert(exponent, promoted);
  Value power = node.create<PowOp>(base, exponent);
  return node.setResults({power ? convert(power, baseType) : power});
}

LogicalResult convertMod(NodeContext &node) {
  if (!node.input(0) || !node.input(1))
    return node.fail("Mod needs two inputs");
  bool fmod = node.intAttr("fmod", 0) != 0;
  if (!fmod && isa<FloatType>(elementTypeOf(node.input(0))))
    return node.fail("fmod = 0 is only defined for integer inputs");
  return node.setResults(
      {node.create<RemOp>(node.input(0), node.input(1), fmod)});
}

/// BitShift: unsigned integers only (as ONNX defines it), direction LEFT
/// or RIGHT.
LogicalResult convertBitShift(NodeContext &node) {
  if (!node.input(0) || !node.input(1))
    return node.fail("BitShift needs two inputs");
  std::string direction = node.stringAttr("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    return node.fail("direction must be LEFT or RIGHT, not '" + direction +
                     "'");
  if (!elementTypeOf(node.input(0)).isUnsignedInteger())
    return node.fail("BitShift takes unsigned integers only");
  Value result = node.create<ShiftOp>(node.input(0), node.input(1));
  if (result && direction == "RIGHT")
    result.getDefiningOp()->setAttr("right", node.builder().getUnitAttr());
  return node.setResults({result});
}

/// Identity passes sequences and optionals through as well (opsets 14 and
/// 16).
LogicalResult convertIdentity(NodeContext &node) {
  const OnnxValue *value = node.valueInput(0);
  if (!value)
    return node.fail("input 0 is missing");
  return node.setValueResults({*value});
}

/// Dropout is the identity in inference. Before opset 12 a node is always
/// in inference; from 12 the optional inputs ratio (default 0.5) and
/// training_mode (default false) decide, and training with a ratio above 0
/// drops elements at random, which Loom does not do. The optional mask is
/// all true (before opset 10 it has the input's type and is all ones).
LogicalResult convertDropout(NodeContext &node) {
  Value input = node.input(0);
  if (!input)
    return node.fail("the data input is missing");
  if (node.opset() >= 12) {
    std::optional<bool> training = false;
    if (node.hasInput(2)) {
      std::optional<Tensor> flag = node.constantInput(2);
      training = flag && flag->numElements() == 1
                     ? std::optional<bool>(flag->getDouble(0) != 0)
                     : std::nullopt;
    }
    std::optional<double> ratio = 0.5;
    if (node.hasInput(1)) {
      std::optional<Tensor> value = node.constantInput(1);
      ratio = value && value->numElements() == 1
                  ? std::optional<double>(value->getDouble(0))
                  : std::nullopt;
    }
    // Training with ratio 0 keeps every element, as inference does.
    bool inference = training == false || ratio == 0.0;
    // Only named when present: an absent input has its default, a constant.
    auto inputName = [&](int index) {
      return index < node.node().input_size() ? node.node().input(index)
                                              : std::string();
    };
    std::string ratioInput = "input 1 (ratio, '" + inputName(1) + "')";
    std::string modeInput = "input 2 (training_mode, '" + inputName(2) + "')";
    if (!inference && training == true && ratio)
      return node.fail("training mode is not supported (random): ratio is " +
                       formatNumber(*ratio) + ", not 0");
    if (!inference && training == true)
      return node.fail("training mode is not supported (random) unless "
                       "ratio is 0: " + ratioInput + " must be a constant");
    if (!inference)
      return node.fail(modeInput + " must be a constant" +
                       (ratio ? "" : ", and so must " + ratioInput) +
                       ": training mode is not supported (random) unless "
                       "ratio is 0");
  }
  if (node.node().output_size() < 2 || node.node().output(1).empty())
    return node.setResults({input});
  auto type = cast<RankedTensorType>(input.getType());
  if (!type.hasStaticShape())
    return node.fail("the mask output needs a static input shape");
  std::optional<DType> maskType =
      node.opset() < 10 ? eval::dtypeOf(type.getElementType()) : DType::I1;
  if (!maskType)
    return node.fail("the input's element type is not supported");
  // A broadcast scalar, so a huge input never becomes a huge constant here
  // (it folds to one when small).
  Value one = node.constant(Tensor::fromDoubles(*maskType, {}, {1}));
  Type maskElement = getElementTypeOrSelf(one.getType());
  return node.setResults(
      {input, node.createTyped<BroadcastToOp>(type.clone(maskElement), one)});
}

/// Cast and CastLike: the target must be one of Loom's element types
/// (no strings or complex numbers).
LogicalResult convertCast(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("the input is missing");
  if (!node.hasAttribute("to"))
    return node.fail("attribute 'to' is missing");
  int64_t to = node.intAttr("to", 0);
  std::optional<DType> target = dtypeFromOnnx(static_cast<int>(to));
  if (!target)
    return node.fail("cast to " + onnxTypeName(static_cast<int>(to)) +
                     " is not supported (Loom has no such element type)");
  return node.setResults({node.createTyped<CastOp>(
      type.clone(eval::elementTypeOf(node.context(), *target)),
      node.input(0))});
}

LogicalResult convertCastLike(NodeContext &node) {
  RankedTensorType type = node.inputType(0), like = node.inputType(1);
  if (!type || !like)
    return node.fail("CastLike needs an input and a target_type tensor");
  return node.setResults({node.createTyped<CastOp>(
      type.clone(like.getElementType()), node.input(0))});
}

LogicalResult convertWhere(NodeContext &node) {
  return node.setResults(
      {node.create<SelectOp>(node.input(0), node.input(1), node.input(2))});
}

/// A constant Clip bound that loom.clamp can hold: no NaN (which must
/// propagate), and for integer tensors a value an f64 holds exactly.
std::optional<double> clampBound(const Tensor &bound, Type elementType) {
  if (bound.numElements() != 1)
    return std::nullopt;
  double value = bound.getDouble(0);
  if (std::isnan(value))
    return std::nullopt;
  if (isa<IntegerType>(elementType) &&
      static_cast<double>(bound.getInt(0)) != value)
    return std::nullopt;
  return value;
}

/// Clip is min(max(x, min), max), so min > max gives max everywhere (NaN
/// stays NaN). Bounds are float attributes before opset 11 and optional
/// scalar inputs of the input's type from 11 on. Constant bounds in order
/// become one loom.clamp; otherwise a loom.max and a loom.min take the
/// bound tensors.
LogicalResult convertClip(NodeContext &node) {
  Value x = node.input(0);
  if (!x)
    return node.fail("the input is missing");
  Type type = elementTypeOf(x);
  // Each bound is absent, a constant, or a tensor known at run time.
  std::optional<double> constants[2];
  Value tensors[2];
  for (int side = 0; side < 2; ++side) {
    StringRef name = side == 0 ? "min" : "max";
    if (node.opset() < 11) {
      if (node.hasAttribute(name))
        constants[side] = node.floatAttr(name, 0);
      continue;
    }
    size_t index = side + 1;
    if (!node.hasInput(index))
      continue;
    RankedTensorType boundType = node.inputType(index);
    if (!boundType.hasStaticShape() || boundType.getNumElements() != 1)
      return node.fail("input " + Twine(index) + " (" + name +
                       ") must be a scalar");
    std::optional<Tensor> constant = node.constantInput(index);
    constants[side] = constant ? clampBound(*constant, type) : std::nullopt;
    if (!constants[side])
      tensors[side] = boundType.getRank() == 0
                          ? node.input(index)
                          : node.createTyped<ReshapeOp>(
                                boundType.clone(ArrayRef<int64_t>{}),
                                node.input(index));
  }
  auto [lower, upper] = constants;
  bool inOrder = !(lower && upper && *lower > *upper);
  bool noNaN = !(lower && std::isnan(*lower)) && !(upper && std::isnan(*upper));
  if (!tensors[0] && !tensors[1] && inOrder && noNaN) {
    if (!lower && !upper)
      return node.setResults({x});
    Builder &b = node.builder();
    return node.setResults({node.create<ClampOp>(
        x, lower ? b.getF64FloatAttr(*lower) : FloatAttr(),
        upper ? b.getF64FloatAttr(*upper) : FloatAttr())});
  }
  Value result = x;
  for (int side = 0; side < 2; ++side) {
    Value bound = tensors[side];
    if (!bound && constants[side])
      bound = node.scalar(type, *constants[side]);
    if (!bound)
      continue;
    result = side == 0 ? node.create<MaxOp>(result, bound)
                       : node.create<MinOp>(result, bound);
  }
  return node.setResults({result});
}

/// alpha * x where x < 0, else x (LeakyRelu); PRelu takes alpha as a tensor.
LogicalResult convertLeakyRelu(NodeContext &node) {
  Value x = node.input(0);
  Value alpha = node.scalar(elementTypeOf(x), node.floatAttr("alpha", 0.01f));
  Value zero = node.scalar(elementTypeOf(x), 0);
  Value negative = node.create<CompareOp>(ComparePredicate::lt, x, zero);
  Value scaled = node.create<MulOp>(x, alpha);
  return node.setResults({node.create<SelectOp>(negative, scaled, x)});
}

LogicalResult convertPRelu(NodeContext &node) {
  Value x = node.input(0);
  Value zero = node.scalar(elementTypeOf(x), 0);
  Value negative = node.create<CompareOp>(ComparePredicate::lt, x, zero);
  Value scaled = node.create<MulOp>(x, node.input(1));
  return node.setResults({node.create<SelectOp>(negative, scaled, x)});
}

/// Elu: x if x >= 0 else alpha * (exp(x) - 1); Selu scales both sides.
Value eluLike(NodeContext &node, double alpha, double gamma) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  Value zero = node.scalar(type, 0);
  Value negative = node.create<CompareOp>(ComparePredicate::lt, x, zero);
  Value expm1 = node.create<SubOp>(node.create<ExpOp>(x), node.scalar(type, 1));
  Value lowerBranch = node.create<MulOp>(expm1, node.scalar(type, alpha));
  Value chosen = node.create<SelectOp>(negative, lowerBranch, x);
  if (gamma == 1.0)
    return chosen;
  return node.create<MulOp>(chosen, node.scalar(type, gamma));
}

LogicalResult convertElu(NodeContext &node) {
  return node.setResults({eluLike(node, node.floatAttr("alpha", 1.0f), 1.0)});
}

LogicalResult convertSelu(NodeContext &node) {
  return node.setResults({eluLike(node, node.floatAttr("alpha", 1.67326319217681884765625f),
                                  node.floatAttr("gamma", 1.05070102214813232421875f))});
}

/// max(0, min(1, alpha * x + beta))
Value hardSigmoid(NodeContext &node, Value x, double alpha, double beta) {
  Type type = elementTypeOf(x);
  Value linear = node.create<AddOp>(node.create<MulOp>(x, node.scalar(type, alpha)),
                                    node.scalar(type, beta));
  Builder &b = node.builder();
  return node.create<ClampOp>(linear, b.getF64FloatAttr(0), b.getF64FloatAttr(1));
}

LogicalResult convertHardSigmoid(NodeContext &node) {
  return node.setResults({hardSigmoid(node, node.input(0),
                                      node.floatAttr("alpha", 0.2f),
                                      node.floatAttr("beta", 0.5f))});
}

LogicalResult convertHardSwish(NodeContext &node) {
  Value x = node.input(0);
  return node.setResults(
      {node.create<MulOp>(x, hardSigmoid(node, x, 1.0 / 6, 0.5))});
}

/// log(exp(x) + 1)
LogicalResult convertSoftplus(NodeContext &node) {
  Value x = node.input(0);
  Value shifted = node.create<AddOp>(node.create<ExpOp>(x),
                                     node.scalar(elementTypeOf(x), 1));
  return node.setResults({node.create<LogOp>(shifted)});
}

/// x / (1 + |x|)
LogicalResult convertSoftsign(NodeContext &node) {
  Value x = node.input(0);
  Value denominator = node.create<AddOp>(node.create<AbsOp>(x),
                                         node.scalar(elementTypeOf(x), 1));
  return node.setResults({node.create<DivOp>(x, denominator)});
}

} // namespace

void registerElementwiseConverters(ConverterRegistry &registry) {
  registry.add("Add", convertBinary<AddOp>);
  registry.add("Sub", convertBinary<SubOp>);
  registry.add("Mul", convertBinary<MulOp>);
  registry.add("Div", convertBinary<DivOp>);
  registry.add("Pow", convertPow);
  registry.add("Mod", convertMod);
  registry.add("BitShift", convertBitShift);
  registry.add("And", convertBinary<AndOp>);
  registry.add("Or", convertBinary<OrOp>);
  registry.add("Xor", convertBinary<XorOp>);
  registry.add("Equal", convertCompare<ComparePredicate::eq>);
  registry.add("Less", convertCompare<ComparePredicate::lt>);
  registry.add("LessOrEqual", convertCompare<ComparePredicate::le>);
  registry.add("Greater", convertCompare<ComparePredicate::gt>);
  registry.add("GreaterOrEqual", convertCompare<ComparePredicate::ge>);
  registry.add("Max", [](NodeContext &node) {
    return node.setResults({foldInputs<MaxOp>(node)});
  });
  registry.add("Min", [](NodeContext &node) {
    return node.setResults({foldInputs<MinOp>(node)});
  });
  registry.add("Sum", [](NodeContext &node) {
    return node.setResults({foldInputs<AddOp>(node)});
  });
  registry.add("Mean", convertMean);

  registry.add("Neg", convertUnary<NegOp>);
  registry.add("Abs", convertUnary<AbsOp>);
  registry.add("Exp", convertUnary<ExpOp>);
  registry.add("Log", convertUnary<LogOp>);
  registry.add("Sqrt", convertUnary<SqrtOp>);
  registry.add("Reciprocal", convertUnary<ReciprocalOp>);
  registry.add("Tanh", convertUnary<TanhOp>);
  registry.add("Sigmoid", convertUnary<SigmoidOp>);
  registry.add("Erf", convertUnary<ErfOp>);
  registry.add("Relu", convertUnary<ReluOp>);
  registry.add("Floor", convertUnary<FloorOp>);
  registry.add("Ceil", convertUnary<CeilOp>);
  registry.add("Round", convertUnary<RoundOp>);
  registry.add("Sign", convertUnary<SignOp>);
  registry.add("Not", convertUnary<NotOp>);
  registry.add("Sin", convertUnary<SinOp>);
  registry.add("Cos", convertUnary<CosOp>);

  registry.addTakingAnyValue("Identity", convertIdentity);
  registry.add("Dropout", convertDropout);
  registry.add("Cast", convertCast);
  registry.add("CastLike", convertCastLike);
  registry.add("Where", convertWhere);
  registry.add("Clip", convertClip);
  registry.add("LeakyRelu", convertLeakyRelu);
  registry.add("PRelu", convertPRelu);
  registry.add("Elu", convertElu);
  registry.add("Selu", convertSelu);
  registry.add("HardSigmoid", convertHardSigmoid);
  registry.add("HardSwish", convertHardSwish);
  registry.add("Softplus", convertSoftplus);
  registry.add("Softsign", convertSoftsign);
}

} // namespace loom::onnx_import
