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

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <cmath>

using namespace mlir;

namespace loom::onnx_import {
namespace {

Type elementTypeOf(Value value) { return getElementTypeOrSelf(value.getType()); }

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
  if (!sum)
    return failure();
  Value count = node.scalar(elementTypeOf(sum), node.numInputs());
  return node.setResults({node.create<DivOp>(sum, count)});
}

LogicalResult convertPow(NodeContext &node) {
  // The exponent may have another numeric type than the base (T1 in ONNX).
  Value base = node.input(0), exponent = node.input(1);
  if (elementTypeOf(exponent) != elementTypeOf(base)) {
    auto type = cast<RankedTensorType>(exponent.getType())
                    .clone(elementTypeOf(base));
    exponent = node.createTyped<CastOp>(type, exponent);
  }
  return node.setResults({node.create<PowOp>(base, exponent)});
}

LogicalResult convertMod(NodeContext &node) {
  bool fmod = node.intAttr("fmod", 0) != 0;
  if (!fmod && isa<FloatType>(elementTypeOf(node.input(0))))
    return node.fail("fmod = 0 is only defined for integer inputs");
  return node.setResults(
      {node.create<RemOp>(node.input(0), node.input(1), fmod)});
}

LogicalResult convertIdentity(NodeContext &node) {
  return node.setResults({node.input(0)});
}

/// Dropout in inference mode is the identity; its optional mask is all true.
LogicalResult convertDropout(NodeContext &node) {
  Value input = node.input(0);
  if (node.node().output_size() < 2 || node.node().output(1).empty())
    return node.setResults({input});
  auto type = cast<RankedTensorType>(input.getType());
  Tensor mask(DType::I1, Shape(type.getShape().begin(), type.getShape().end()));
  for (int64_t i = 0; i < mask.numElements(); ++i)
    mask.setInt(i, 1);
  return node.setResults({input, node.constant(mask)});
}

LogicalResult convertCast(NodeContext &node) {
  auto type = cast<RankedTensorType>(node.input(0).getType());
  const onnx::AttributeProto *to = node.attribute("to");
  if (!to)
    return node.fail("attribute 'to' is missing");
  Type target;
  switch (node.intAttr("to", 0)) {
  case 1: target = node.builder().getF32Type(); break;
  case 3: target = node.builder().getI8Type(); break;
  case 6: target = node.builder().getI32Type(); break;
  case 7: target = node.builder().getI64Type(); break;
  case 9: target = node.builder().getI1Type(); break;
  case 10: target = node.builder().getF16Type(); break;
  case 11: target = node.builder().getF64Type(); break;
  case 16: target = node.builder().getBF16Type(); break;
  default:
    return node.fail("cast to ONNX data type " + Twine(node.intAttr("to", 0)) +
                     " is not supported");
  }
  return node.setResults({node.createTyped<CastOp>(type.clone(target),
                                                   node.input(0))});
}

LogicalResult convertCastLike(NodeContext &node) {
  auto type = cast<RankedTensorType>(node.input(0).getType());
  return node.setResults({node.createTyped<CastOp>(
      type.clone(elementTypeOf(node.input(1))), node.input(0))});
}

LogicalResult convertWhere(NodeContext &node) {
  return node.setResults(
      {node.create<SelectOp>(node.input(0), node.input(1), node.input(2))});
}

/// Clip: bounds are attributes before opset 11 and optional scalar inputs
/// from 11 on, where they must be constants.
LogicalResult convertClip(NodeContext &node) {
  std::optional<double> lower, upper;
  if (node.opset() < 11) {
    if (node.hasAttribute("min"))
      lower = node.floatAttr("min", 0);
    if (node.hasAttribute("max"))
      upper = node.floatAttr("max", 0);
  } else {
    for (size_t index : {1u, 2u}) {
      if (!node.hasInput(index))
        continue;
      std::optional<Tensor> bound = node.constantInput(index);
      if (!bound || bound->numElements() != 1)
        return node.fail("the bounds of Clip must be constant scalars");
      (index == 1 ? lower : upper) = bound->getDouble(0);
    }
  }
  Builder &b = node.builder();
  return node.setResults({node.create<ClampOp>(
      node.input(0), lower ? b.getF64FloatAttr(*lower) : FloatAttr(),
      upper ? b.getF64FloatAttr(*upper) : FloatAttr())});
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

  registry.add("Identity", convertIdentity);
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
