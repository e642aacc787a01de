//===- TrainingConverters.cpp - ONNX's ai.onnx.preview.training ops ------===//
//
// Part of the Loom project.
//
// The optimizers of the ai.onnx.preview.training domain (version 1), each
// one step of its update rule composed from elementwise loom ops exactly as
// ONNX's specification writes it. They share one input layout: the learning
// rate R and the update count T (both scalars), then the tensors to update
// in groups, X1..Xn, G1..Gn and the optimizer's state (V1..Vn, H1..Hn);
// their outputs are the new tensors, then the new state, group by group.
// R and T are used in the tensors' element type, and the scalar
// factors that depend on T (a learning-rate decay, Adam's bias correction)
// are chosen at run time with loom.select, so a model compiles once for any
// step count.
//
// Gradient, the domain's fourth operator, differentiates part of the graph
// already imported with the vector-Jacobian rules of loom-autodiff.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"
#include "passes/AutodiffRules.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

std::string typeText(Type type) {
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return text;
}

/// An optimizer node's inputs: R and T in the element type of the tensors,
/// T's original integer value, and `groups` lists of n tensors each.
struct OptimizerInputs {
  Type elementType;
  Value rate, count, countInteger;
  SmallVector<SmallVector<Value>> groups;
};

/// Reads R, T and the tensor groups named `groupNames` (X, G, V, ...);
/// checks that R and T are scalars, that every group has as many tensors
/// and that the k-th tensors of all groups share one type.
std::optional<OptimizerInputs>
readOptimizerInputs(NodeContext &node, ArrayRef<StringRef> groupNames,
                    size_t outputGroups) {
  Value rate = node.input(0), count = node.input(1);
  if (typeOf(rate).getRank() != 0 ||
      !isa<FloatType>(typeOf(rate).getElementType())) {
    (void)node.fail("input 0 (R, the learning rate) must be a float scalar");
    return std::nullopt;
  }
  if (typeOf(count).getRank() != 0 ||
      !typeOf(count).getElementType().isInteger(64)) {
    (void)node.fail("input 1 (T, the update count) must be an int64 scalar");
    return std::nullopt;
  }
  size_t tensors = node.numInputs() - 2;
  size_t n = tensors / groupNames.size();
  if (tensors % groupNames.size() || n == 0) {
    (void)node.fail("takes R, T and " + Twine(groupNames.size()) +
                    " groups of tensors of one size (" +
                    llvm::join(groupNames, ", ") + "); it has " +
                    Twine(tensors) + " tensors after R and T");
    return std::nullopt;
  }
  if (static_cast<size_t>(node.node().output_size()) != n * outputGroups) {
    (void)node.fail("updates " + Twine(n) + " tensors, so it has " +
                    Twine(n * outputGroups) + " outputs; the node lists " +
                    Twine(node.node().output_size()));
    return std::nullopt;
  }
  OptimizerInputs inputs;
  inputs.groups.resize(groupNames.size());
  for (size_t g = 0; g < groupNames.size(); ++g) {
    for (size_t i = 0; i < n; ++i) {
      Value value = node.input(2 + g * n + i);
      if (!value) {
        (void)node.fail(groupNames[g] + Twine(i + 1) + " is missing");
        return std::nullopt;
      }
      RankedTensorType first =
          typeOf(g == 0 ? value : inputs.groups[0][i]);
      if (!isa<FloatType>(first.getElementType())) {
        (void)node.fail("X" + Twine(i + 1) +
                        " must have a floating-point element type");
        return std::nullopt;
      }
      if (typeOf(value) != first) {
        (void)node.fail(groupNames[g] + Twine(i + 1) + " has type " +
                        typeText(typeOf(value)) + " but X" + Twine(i + 1) +
                        " has " + typeText(first));
        return std::nullopt;
      }
      inputs.groups[g].push_back(value);
    }
  }
  inputs.elementType = typeOf(inputs.groups[0][0]).getElementType();
  for (Value x : inputs.groups[0])
    if (typeOf(x).getElementType() != inputs.elementType) {
      (void)node.fail("every X must have one element type");
      return std::nullopt;
    }
  inputs.rate = castTo(node, rate, inputs.elementType);
  inputs.count = castTo(node, count, inputs.elementType);
  inputs.countInteger = count;
  return inputs;
}

/// `norm_coefficient * X + G`: the gradient with that of the L2 penalty
/// `0.5 * norm_coefficient * ||X||^2` added.
Value regularized(NodeContext &node, Value norm, Value x, Value g) {
  return node.create<AddOp>(node.create<MulOp>(norm, x), g);
}

/// A required float attribute; records a failure when absent.
std::optional<float> requiredFloat(NodeContext &node, StringRef name) {
  if (!node.hasAttribute(name)) {
    (void)node.fail("attribute '" + name + "' is required");
    return std::nullopt;
  }
  return node.floatAttr(name, 0.0f);
}

/// Adagrad:
///   r = R / (1 + T * decay_factor)
///   G_regularized = norm_coefficient * X + G
///   H_new = H + G_regularized * G_regularized
///   X_new = X - r * G_regularized / (sqrt(H_new) + epsilon)
LogicalResult convertAdagrad(NodeContext &node) {
  std::optional<OptimizerInputs> in =
      readOptimizerInputs(node, {"X", "G", "H"}, 2);
  if (!in)
    return failure();
  Type type = in->elementType;
  Value decay = node.scalar(type, node.floatAttr("decay_factor", 0.0f));
  Value epsilon = node.scalar(type, node.floatAttr("epsilon", 1e-6f));
  Value norm = node.scalar(type, node.floatAttr("norm_coefficient", 0.0f));
  Value rate = node.create<DivOp>(
      in->rate, node.create<AddOp>(node.scalar(type, 1.0),
                                   node.create<MulOp>(in->count, decay)));
  SmallVector<Value> xs, hs;
  for (auto [x, g, h] : llvm::zip(in->groups[0], in->groups[1], in->groups[2])) {
    Value gReg = regularized(node, norm, x, g);
    Value hNew = node.create<AddOp>(h, node.create<MulOp>(gReg, gReg));
    Value hAdaptive =
        node.create<AddOp>(node.create<SqrtOp>(hNew), epsilon);
    Value step = node.create<DivOp>(node.create<MulOp>(rate, gReg), hAdaptive);
    xs.push_back(node.create<SubOp>(x, step));
    hs.push_back(hNew);
  }
  xs.append(hs);
  return node.setResults(xs);
}

/// Adam:
///   G_regularized = norm_coefficient * X + G
///   V_new = alpha * V + (1 - alpha) * G_regularized
///   H_new = beta * H + (1 - beta) * G_regularized^2
///   R_adjusted = T > 0 ? R * sqrt(1 - beta^T) / (1 - alpha^T) : R
///   X_new = (1 - norm_coefficient_post)
///           * (X - R_adjusted * V_new / (sqrt(H_new) + epsilon))
LogicalResult convertAdam(NodeContext &node) {
  std::optional<OptimizerInputs> in =
      readOptimizerInputs(node, {"X", "G", "V", "H"}, 3);
  if (!in)
    return failure();
  Type type = in->elementType;
  double alpha = node.floatAttr("alpha", 0.9f);
  double beta = node.floatAttr("beta", 0.999f);
  Value alphaValue = node.scalar(type, alpha);
  Value betaValue = node.scalar(type, beta);
  Value oneMinusAlpha = node.scalar(type, 1.0 - alpha);
  Value oneMinusBeta = node.scalar(type, 1.0 - beta);
  Value epsilon = node.scalar(type, node.floatAttr("epsilon", 1e-6f));
  Value norm = node.scalar(type, node.floatAttr("norm_coefficient", 0.0f));
  Value keep = node.scalar(
      type, 1.0 - node.floatAttr("norm_coefficient_post", 0.0f));
  Value one = node.scalar(type, 1.0);

  // At T == 0 the bias correction divides by 1 - alpha^0 = 0; that branch
  // is computed but not selected.
  Value corrected = node.create<DivOp>(
      node.create<MulOp>(
          in->rate,
          node.create<SqrtOp>(node.create<SubOp>(
              one, node.create<PowOp>(betaValue, in->count)))),
      node.create<SubOp>(one, node.create<PowOp>(alphaValue, in->count)));
  Value positive = node.create<CompareOp>(
      ComparePredicate::gt, in->countInteger,
      node.scalar(elementTypeOf(in->countInteger), 0));
  Value rate = node.create<SelectOp>(positive, corrected, in->rate);

  SmallVector<Value> xs, vs, hs;
  for (auto [x, g, v, h] : llvm::zip(in->groups[0], in->groups[1],
                                     in->groups[2], in->groups[3])) {
    Value gReg = regularized(node, norm, x, g);
    Value vNew = node.create<AddOp>(node.create<MulOp>(alphaValue, v),
                                    node.create<MulOp>(oneMinusAlpha, gReg));
    Value hNew = node.create<AddOp>(
        node.create<MulOp>(betaValue, h),
        node.create<MulOp>(oneMinusBeta, node.create<MulOp>(gReg, gReg)));
    Value hSqrt = node.create<AddOp>(node.create<SqrtOp>(hNew), epsilon);
    Value xNew = node.create<SubOp>(
        x, node.create<MulOp>(rate, node.create<DivOp>(vNew, hSqrt)));
    xs.push_back(node.create<MulOp>(keep, xNew));
    vs.push_back(vNew);
    hs.push_back(hNew);
  }
  xs.append(vs);
  xs.append(hs);
  return node.setResults(xs);
}

/// Momentum, with beta taken as 1 at the first step (T == 0):
///   G_regularized = norm_coefficient * X + G
///   V_new = alpha * V + beta * G_regularized
///   X_new = X - R * V_new                                  (standard)
///   X_new = X - R * (G_regularized + alpha * V_new)        (nesterov)
LogicalResult convertMomentum(NodeContext &node) {
  std::optional<float> alpha = requiredFloat(node, "alpha");
  std::optional<float> beta = requiredFloat(node, "beta");
  std::optional<float> normCoefficient =
      requiredFloat(node, "norm_coefficient");
  if (!alpha || !beta || !normCoefficient)
    return failure();
  if (!node.hasAttribute("mode"))
    return node.fail("attribute 'mode' is required");
  std::string mode = node.stringAttr("mode", "");
  if (mode != "standard" && mode != "nesterov")
    return node.fail("mode '" + mode +
                     "' is neither 'standard' nor 'nesterov'");
  std::optional<OptimizerInputs> in =
      readOptimizerInputs(node, {"X", "G", "V"}, 2);
  if (!in)
    return failure();
  Type type = in->elementType;
  Value alphaValue = node.scalar(type, *alpha);
  Value norm = node.scalar(type, *normCoefficient);
  Value positive = node.create<CompareOp>(
      ComparePredicate::gt, in->countInteger,
      node.scalar(elementTypeOf(in->countInteger), 0));
  Value betaAdjusted = node.create<SelectOp>(
      positive, node.scalar(type, *beta), node.scalar(type, 1.0));

  SmallVector<Value> xs, vs;
  for (auto [x, g, v] :
       llvm::zip(in->groups[0], in->groups[1], in->groups[2])) {
    Value gReg = regularized(node, norm, x, g);
    Value vNew = node.create<AddOp>(node.create<MulOp>(alphaValue, v),
                                    node.create<MulOp>(betaAdjusted, gReg));
    Value direction =
        mode == "standard"
            ? vNew
            : node.create<AddOp>(gReg, node.create<MulOp>(alphaValue, vNew));
    xs.push_back(
        node.create<SubOp>(x, node.create<MulOp>(in->rate, direction)));
    vs.push_back(vNew);
  }
  xs.append(vs);
  return node.setResults(xs);
}

/// A name for `value` in messages: its graph input's name, or its op's.
std::string describe(Value value) {
  if (auto argument = dyn_cast<BlockArgument>(value))
    if (auto function =
            dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp()))
      if (auto name = function.getArgAttrOfType<StringAttr>(
              argument.getArgNumber(), "loom.name"))
        return "graph input '" + name.getValue().str() + "'";
  return "a graph input";
}

/// Gradient: the gradient of the scalar y with respect to each of xs, by
/// reverse-mode differentiation of the ops that compute y from xs and zs,
/// with the node's inputs fed in their place. Those ops are cloned with the
/// node's inputs substituted, then each one's vector-Jacobian rule
/// (passes/AutodiffRules.h, the rules of loom-autodiff) is applied in
/// reverse, seeded with 1. y must hold one element: ONNX leaves the
/// gradient of a larger tensor open.
LogicalResult convertGradient(NodeContext &node) {
  const onnx::AttributeProto *xsAttribute = node.attribute("xs");
  const onnx::AttributeProto *yAttribute = node.attribute("y");
  if (!xsAttribute || !yAttribute)
    return node.fail("attributes 'xs' and 'y' are required");
  std::vector<std::string> xs(xsAttribute->strings().begin(),
                              xsAttribute->strings().end());
  std::vector<std::string> names = xs;
  if (const onnx::AttributeProto *zs = node.attribute("zs"))
    names.insert(names.end(), zs->strings().begin(), zs->strings().end());
  const std::string &y = yAttribute->s();
  if (node.numInputs() != names.size())
    return node.fail("has " + Twine(node.numInputs()) +
                     " inputs; xs and zs name " + Twine(names.size()));
  if (static_cast<size_t>(node.node().output_size()) != xs.size())
    return node.fail("has " + Twine(node.node().output_size()) +
                     " outputs; xs names " + Twine(xs.size()));

  Value target = node.graphValue(y);
  if (!target)
    return node.fail("y ('" + y + "') names no value defined before it");
  RankedTensorType targetType = typeOf(target);
  if (!isa<FloatType>(targetType.getElementType()) ||
      !targetType.hasStaticShape() || targetType.getNumElements() != 1)
    return node.fail("y ('" + y + "') is " + typeText(targetType) +
                     "; only the gradient of a float tensor of one element "
                     "is supported");
  // The values the sub-graph reads, by the graph's value, and those fed.
  IRMapping feed;
  for (auto [index, name] : llvm::enumerate(names)) {
    Value original = node.graphValue(name);
    if (!original)
      return node.fail("'" + name + "' (in xs or zs) names no value "
                       "defined before it");
    if (!node.input(index) || node.input(index).getType() != original.getType())
      return node.fail("input " + Twine(index) + " must have the type of '" +
                       name + "', " + typeText(original.getType()));
    if (index < xs.size() && !isa<FloatType>(typeOf(original).getElementType()))
      return node.fail("'" + name + "' (in xs) is not a float tensor");
    feed.map(original, node.input(index));
  }

  // The ops between the fed values and y, in program order. Constants are
  // read where they are.
  llvm::SetVector<Operation *> slice;
  SmallVector<Value> worklist;
  if (!feed.contains(target))
    worklist.push_back(target);
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    Operation *op = value.getDefiningOp();
    if (!op)
      return node.fail("y ('" + y + "') depends on " + describe(value) +
                       ", which is in neither xs nor zs");
    if (isa<ConstantOp>(op) || !slice.insert(op))
      continue;
    for (Value operand : op->getOperands())
      if (!feed.contains(operand))
        worklist.push_back(operand);
  }
  SmallVector<Operation *> ops(slice.begin(), slice.end());
  llvm::sort(ops, [](Operation *a, Operation *b) {
    return a->isBeforeInBlock(b);
  });

  OpBuilder &builder = node.builder();
  IRMapping mapping = feed;
  SmallVector<Operation *> cloned;
  for (Operation *op : ops)
    cloned.push_back(builder.clone(*op, mapping));

  // Activity: float values that depend on an x.
  DenseSet<Value> active;
  for (size_t index = 0; index < xs.size(); ++index)
    active.insert(node.input(index));
  for (Operation *op : cloned)
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return active.contains(v); }))
      for (Value result : op->getResults())
        if (isa<FloatType>(getElementTypeOrSelf(result.getType())))
          active.insert(result);

  autodiff::Emitter emitter(builder, node.loc());
  DenseMap<Value, Value> adjoint;
  autodiff::accumulateAdjoint(builder, adjoint, mapping.lookupOrDefault(target),
                              emitter.splat(targetType, 1.0));
  Operation *failedOp = nullptr;
  std::string whyNot;
  if (failed(autodiff::propagateAdjoints(builder, cloned, active, adjoint,
                                         failedOp, whyNot)))
    return node.fail("the gradient of y ('" + y + "'): " + whyNot);

  SmallVector<Value> gradients;
  for (size_t index = 0; index < xs.size(); ++index) {
    Value x = node.input(index);
    Value grad = adjoint.lookup(x);
    gradients.push_back(grad ? grad : emitter.splat(typeOf(x), 0.0));
  }
  return node.setResults(gradients);
}

} // namespace

void registerTrainingConverters(ConverterRegistry &registry) {
  constexpr StringRef domain = "ai.onnx.preview.training";
  registry.add(domain, "Adagrad", convertAdagrad);
  registry.add(domain, "Adam", convertAdam);
  registry.add(domain, "Gradient", convertGradient);
  registry.add(domain, "Momentum", convertMomentum);
}

} // namespace loom::onnx_import
