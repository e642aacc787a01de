//===- TrainingStep.cpp - A model's training step as one function ----------===//
//
// Part of the Loom project.
//
// The loss function is built first (@__loom_loss: parameters, the model's
// inputs and the labels to a scalar loss), differentiated by loom-autodiff
// with respect to the parameters, and its gradient function's body is
// cloned into the new entry function with the optimizer's update after it.
// The optimizers follow PyTorch's torch.optim.SGD (dampening 0, not
// Nesterov) and torch.optim.Adam (L2 weight decay added to the gradient,
// bias-corrected moments, eps added after the square root), operation by
// operation, so that a step matches PyTorch's to rounding.
//
//===----------------------------------------------------------------------===//

#include "compiler/TrainingStep.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;

namespace loom {
namespace {

constexpr llvm::StringLiteral kLossName = "__loom_loss";

struct Optimizer {
  std::string kind; // sgd or adam
  double lr = 0.0, momentum = 0.0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8,
         weightDecay = 0.0;
};

/// Parses "KIND:key=value,...". Adam's betas take two values.
FailureOr<Optimizer> parseOptimizer(StringRef text, std::string &error) {
  Optimizer opt;
  auto [kind, rest] = text.split(':');
  opt.kind = kind.str();
  if (opt.kind != "sgd" && opt.kind != "adam") {
    error = "unknown optimizer '" + opt.kind + "' (sgd or adam)";
    return failure();
  }
  SmallVector<StringRef> items;
  rest.split(items, ',', -1, /*KeepEmpty=*/false);
  bool haveLr = false;
  for (size_t i = 0; i < items.size(); ++i) {
    auto [key, value] = items[i].split('=');
    double number;
    auto read = [&](StringRef v, double &out) {
      if (v.trim().getAsDouble(out)) {
        error = "optimizer option '" + key.str() + "' needs a number, got '" +
                v.str() + "'";
        return false;
      }
      return true;
    };
    if (key == "betas") {
      if (i + 1 >= items.size() || !read(value, opt.beta1) ||
          !read(items[++i], opt.beta2)) {
        if (error.empty())
          error = "optimizer option 'betas' needs two numbers";
        return failure();
      }
      if (opt.kind != "adam") {
        error = "sgd takes no 'betas'";
        return failure();
      }
      continue;
    }
    if (!read(value, number))
      return failure();
    if (key == "lr") {
      opt.lr = number;
      haveLr = true;
    } else if (key == "weight_decay") {
      opt.weightDecay = number;
    } else if (key == "momentum" && opt.kind == "sgd") {
      opt.momentum = number;
    } else if (key == "eps" && opt.kind == "adam") {
      opt.eps = number;
    } else {
      error = opt.kind + " takes no option '" + key.str() +
              "' (sgd: lr, momentum, weight_decay; adam: lr, betas, eps, "
              "weight_decay)";
      return failure();
    }
  }
  if (!haveLr) {
    error = "optimizer '" + opt.kind + "' needs lr=";
    return failure();
  }
  return opt;
}

std::string argName(func::FuncOp f, unsigned i) {
  if (auto name = f.getArgAttrOfType<StringAttr>(i, "loom.name"))
    return name.str();
  return "input_" + std::to_string(i);
}

std::string resultName(func::FuncOp f, unsigned i) {
  if (auto name = f.getResultAttrOfType<StringAttr>(i, "loom.name"))
    return name.str();
  return "output_" + std::to_string(i);
}

/// A parameter: a float constant with at least one dimension named by a
/// location of its own (`loc("fc1.weight")`: an ONNX initializer, or a
/// named constant of a .mlir model). Constants the ONNX importer built for
/// a node are located at the node (a file position with a line) and stay
/// constants.
std::optional<std::string> parameterName(ConstantOp constant) {
  auto type = cast<RankedTensorType>(constant.getType());
  if (!isa<FloatType>(type.getElementType()) || type.getRank() == 0)
    return std::nullopt;
  auto name = dyn_cast<NameLoc>(constant.getLoc());
  if (!name)
    return std::nullopt;
  if (auto position = dyn_cast<FileLineColLoc>(name.getChildLoc()))
    if (position.getLine() > 0)
      return std::nullopt;
  return name.getName().str();
}

Value scalarOf(OpBuilder &b, Location loc, Type element, double value) {
  auto type = RankedTensorType::get({}, element);
  return ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, FloatAttr::get(element, value)));
}

} // namespace

LogicalResult buildTrainingStep(ModuleOp module,
                                const TrainingOptions &options,
                                TrainingState *initialState) {
  func::FuncOp entry = module.lookupSymbol<func::FuncOp>("main");
  if (!entry) {
    auto functions = llvm::to_vector(module.getOps<func::FuncOp>());
    if (functions.size() == 1)
      entry = functions.front();
  }
  if (!entry || entry.isExternal() || !entry.getBody().hasOneBlock())
    return module.emitError("--train: no entry function (@main, or the only "
                            "function) with one block");
  // Static shapes first: the imported graph's sizes follow from the inputs.
  // loom-autodiff has no rule for the ops with regions: an if becomes both
  // its regions and selects, a loop of up to 1024 iterations copies of its
  // body (a longer one is refused by name there).
  {
    PassManager refine(module.getContext());
    refine.addNestedPass<func::FuncOp>(createLoomRefineShapes());
    refine.addNestedPass<func::FuncOp>(createLoomSelectIfs());
    LoomUnrollScansOptions unroll;
    unroll.maxLength = 1024;
    refine.addNestedPass<func::FuncOp>(createLoomUnrollScans(unroll));
    if (failed(refine.run(module)))
      return failure();
  }
  std::string error;
  auto fail = [&](const Twine &message) {
    return entry.emitError("--train: ") << message;
  };

  // --loss=KIND:OUTPUT,LABELS
  auto [lossKind, lossArgs] = StringRef(options.loss).split(':');
  auto [outputName, labelName] = lossArgs.split(',');
  if ((lossKind != "cross_entropy" && lossKind != "mse") ||
      outputName.empty() || labelName.empty())
    return fail("--loss must be cross_entropy:LOGITS,LABELS or "
                "mse:OUT,TARGET, got '" + options.loss + "'");
  FailureOr<Optimizer> optimizer = parseOptimizer(options.optimizer, error);
  if (failed(optimizer))
    return fail("--optimizer: " + error);

  FunctionType type = entry.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i)
    if (auto tensor = dyn_cast<RankedTensorType>(type.getInput(i));
        tensor && !tensor.hasStaticShape()) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << tensor;
      return fail("input '" + argName(entry, i) + "' has a dynamic shape " +
                  text + "; fix it with --input-shape");
    }
  std::optional<unsigned> output;
  for (unsigned i = 0; i < type.getNumResults(); ++i)
    if (resultName(entry, i) == outputName)
      output = i;
  if (!output)
    return fail("the model has no output '" + outputName + "' for the loss");
  for (unsigned i = 0; i < type.getNumInputs(); ++i)
    if (argName(entry, i) == labelName)
      return fail("'" + labelName + "' is an input of the model already; "
                  "the labels need a new name");
  auto outType = dyn_cast<RankedTensorType>(type.getResult(*output));
  if (!outType || !outType.hasStaticShape() ||
      !isa<FloatType>(outType.getElementType()))
    return fail("the loss's output '" + outputName +
                "' must be a float tensor of static shape");
  if (lossKind == "cross_entropy" && outType.getRank() < 2)
    return fail("cross_entropy needs logits [batch, ..., classes], '" +
                outputName + "' has rank " + Twine(outType.getRank()));
  Type element = outType.getElementType();
  RankedTensorType labelType =
      lossKind == "mse"
          ? outType
          : RankedTensorType::get(outType.getShape().drop_back(),
                                  IntegerType::get(module.getContext(), 64));

  // The parameters, in program order: named constants the loss's output
  // depends on (one it does not, such as a constant only another output
  // reads, would get no gradient and only weight decay).
  Block &body = entry.getBody().front();
  Value lossOutput = body.getTerminator()->getOperand(*output);
  DenseSet<Operation *> reaching;
  SmallVector<Value> worklist{lossOutput};
  while (!worklist.empty()) {
    Operation *producer = worklist.pop_back_val().getDefiningOp();
    if (producer && reaching.insert(producer).second)
      llvm::append_range(worklist, producer->getOperands());
  }
  SmallVector<ConstantOp> params;
  SmallVector<std::string> paramNames;
  for (auto constant : body.getOps<ConstantOp>())
    if (std::optional<std::string> name = parameterName(constant);
        name && reaching.contains(constant)) {
      if (llvm::is_contained(paramNames, *name))
        return fail("two parameters are named '" + *name + "'");
      params.push_back(constant);
      paramNames.push_back(*name);
    }
  if (params.empty())
    return fail("the output '" + outputName +
                "' depends on no parameters (float constants named by their "
                "location, as ONNX initializers are)");

  // Buffers: named constants that are no parameters but that an output of
  // the same name updates (a batch norm's running statistics, which the
  // ONNX importer returns so under --train). They are state too: an input
  // and an output of the step under their name, carried from step to step
  // without a gradient or an optimizer.
  SmallVector<ConstantOp> buffers;
  SmallVector<std::string> bufferNames;
  SmallVector<unsigned> bufferResults;
  for (auto constant : body.getOps<ConstantOp>()) {
    std::optional<std::string> name = parameterName(constant);
    if (!name || llvm::is_contained(paramNames, *name))
      continue;
    for (unsigned i = 0; i < type.getNumResults(); ++i)
      if (i != *output && resultName(entry, i) == *name &&
          type.getResult(i) == constant.getType()) {
        if (llvm::is_contained(bufferNames, *name))
          return fail("two constants are named '" + *name + "'");
        buffers.push_back(constant);
        bufferNames.push_back(*name);
        bufferResults.push_back(i);
      }
  }

  // @__loom_loss(params..., inputs..., labels) -> loss.
  OpBuilder b(module.getContext());
  b.setInsertionPointAfter(entry);
  Location loc = entry.getLoc();
  SmallVector<Type> lossInputs;
  for (ConstantOp p : params)
    lossInputs.push_back(p.getType());
  llvm::append_range(lossInputs, type.getInputs());
  lossInputs.push_back(labelType);
  auto lossFn = func::FuncOp::create(
      b, loc, kLossName,
      b.getFunctionType(lossInputs, {RankedTensorType::get({}, element)}));
  Block *lossBody = lossFn.addEntryBlock();
  b.setInsertionPointToStart(lossBody);
  IRMapping mapping;
  for (auto [index, p] : llvm::enumerate(params))
    mapping.map(p.getResult(), lossBody->getArgument(index));
  for (unsigned i = 0; i < type.getNumInputs(); ++i)
    mapping.map(body.getArgument(i),
                lossBody->getArgument(params.size() + i));
  for (Operation &op : body.without_terminator())
    if (!isa<ConstantOp>(op) || !mapping.contains(op.getResult(0)))
      b.clone(op, mapping);
  Value out = mapping.lookupOrDefault(body.getTerminator()->getOperand(*output));
  Value labels = lossBody->getArguments().back();
  Value loss;
  SmallVector<int64_t> allAxes =
      llvm::to_vector(llvm::seq<int64_t>(0, outType.getRank()));
  if (lossKind == "cross_entropy") {
    // PyTorch's CrossEntropyLoss on logits flattened to [positions,
    // classes]: the mean over every position of -log p[label], the classes
    // on the last dimension.
    int64_t classAxis = outType.getRank() - 1;
    Value logProbs = LogSoftmaxOp::create(b, loc, out, classAxis);
    SmallVector<int64_t> columnShape(labelType.getShape());
    columnShape.push_back(1);
    Value column = ReshapeOp::create(
        b, loc, RankedTensorType::get(columnShape, labelType.getElementType()),
        labels);
    Value picked =
        GatherElementsOp::create(b, loc, logProbs, column, classAxis);
    loss = NegOp::create(b, loc,
                         ReduceMeanOp::create(b, loc, picked, allAxes, false));
  } else {
    // PyTorch's MSELoss: the mean of the squared differences.
    Value diff = SubOp::create(b, loc, out, labels);
    loss = ReduceMeanOp::create(b, loc, MulOp::create(b, loc, diff, diff),
                                allAxes, false);
  }
  func::ReturnOp::create(b, loc, loss);

  // d loss / d params.
  PassManager pm(module.getContext());
  LoomAutodiffOptions autodiff;
  autodiff.functionName = kLossName.str();
  for (int64_t i = 0; i < int64_t(params.size()); ++i)
    autodiff.wrt.push_back(i);
  pm.addPass(createLoomAutodiff(autodiff));
  if (failed(pm.run(module)))
    return failure();
  auto gradFn = module.lookupSymbol<func::FuncOp>(kLossName.str() + "_grad");

  // The step: params, state, inputs, labels -> loss, params', state'.
  const Optimizer &opt = *optimizer;
  int64_t perParam = opt.kind == "adam" ? 2 : (opt.momentum != 0.0 ? 1 : 0);
  bool hasStep = opt.kind == "adam";
  SmallVector<Type> stepInputs, stepResults;
  SmallVector<std::string> inNames, outNames;
  for (auto [p, name] : llvm::zip(params, paramNames)) {
    stepInputs.push_back(p.getType());
    inNames.push_back(name);
  }
  StringRef stateSuffix[2] = {opt.kind == "adam" ? ".adam_m" : ".momentum",
                              ".adam_v"};
  for (int64_t s = 0; s < perParam; ++s)
    for (auto [p, name] : llvm::zip(params, paramNames)) {
      stepInputs.push_back(p.getType());
      inNames.push_back(name + stateSuffix[s].str());
    }
  if (hasStep) {
    stepInputs.push_back(RankedTensorType::get({}, element));
    inNames.push_back("adam.step");
  }
  size_t firstBuffer = stepInputs.size();
  for (auto [constant, name] : llvm::zip(buffers, bufferNames)) {
    stepInputs.push_back(constant.getType());
    inNames.push_back(name);
  }
  size_t firstInput = stepInputs.size();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    stepInputs.push_back(type.getInput(i));
    inNames.push_back(argName(entry, i));
  }
  stepInputs.push_back(labelType);
  inNames.push_back(labelName.str());
  stepResults.push_back(RankedTensorType::get({}, element));
  outNames.push_back("loss");
  for (size_t i = 0; i < firstInput; ++i) {
    stepResults.push_back(stepInputs[i]);
    outNames.push_back(inNames[i]);
  }

  b.setInsertionPointAfter(gradFn);
  auto step = func::FuncOp::create(b, loc, "__loom_train_step",
                                   b.getFunctionType(stepInputs, stepResults));
  Block *stepBody = step.addEntryBlock();
  b.setInsertionPointToStart(stepBody);
  IRMapping gradMapping;
  Block &gradBody = gradFn.getBody().front();
  size_t numParams = params.size();
  for (size_t i = 0; i < numParams; ++i)
    gradMapping.map(gradBody.getArgument(i), stepBody->getArgument(i));
  for (unsigned i = 0; i <= type.getNumInputs(); ++i) // inputs and labels
    gradMapping.map(gradBody.getArgument(numParams + i),
                    stepBody->getArgument(firstInput + i));
  gradMapping.map(gradBody.getArguments().back(),
                  scalarOf(b, loc, element, 1.0));
  for (Operation &op : gradBody.without_terminator())
    b.clone(op, gradMapping);
  Operation *gradReturn = gradBody.getTerminator();
  SmallVector<Value> returned{
      gradMapping.lookupOrDefault(gradReturn->getOperand(0))};

  auto c = [&](double v) { return scalarOf(b, loc, element, v); };
  Value t;
  if (hasStep)
    t = AddOp::create(b, loc, stepBody->getArgument(firstBuffer - 1), c(1.0));
  SmallVector<Value> newParams, newState;
  for (size_t i = 0; i < numParams; ++i) {
    Value p = stepBody->getArgument(i);
    Value g = gradMapping.lookupOrDefault(gradReturn->getOperand(1 + i));
    if (opt.weightDecay != 0.0)
      g = AddOp::create(b, loc, g, MulOp::create(b, loc, p, c(opt.weightDecay)));
    Value update;
    if (opt.kind == "sgd") {
      update = g;
      if (opt.momentum != 0.0) {
        Value buf = stepBody->getArgument(numParams + i);
        update = AddOp::create(b, loc, MulOp::create(b, loc, buf, c(opt.momentum)),
                               g);
        newState.push_back(update);
      }
      newParams.push_back(
          SubOp::create(b, loc, p, MulOp::create(b, loc, update, c(opt.lr))));
      continue;
    }
    Value m = stepBody->getArgument(numParams + i);
    Value v = stepBody->getArgument(2 * numParams + i);
    Value m1 = AddOp::create(b, loc, MulOp::create(b, loc, m, c(opt.beta1)),
                             MulOp::create(b, loc, g, c(1.0 - opt.beta1)));
    Value v1 = AddOp::create(
        b, loc, MulOp::create(b, loc, v, c(opt.beta2)),
        MulOp::create(b, loc, MulOp::create(b, loc, g, g), c(1.0 - opt.beta2)));
    Value bc1 = SubOp::create(b, loc, c(1.0), PowOp::create(b, loc, c(opt.beta1), t));
    Value bc2 = SubOp::create(b, loc, c(1.0), PowOp::create(b, loc, c(opt.beta2), t));
    Value denom = AddOp::create(
        b, loc,
        DivOp::create(b, loc, SqrtOp::create(b, loc, v1),
                      SqrtOp::create(b, loc, bc2)),
        c(opt.eps));
    Value stepSize = DivOp::create(b, loc, c(opt.lr), bc1);
    newParams.push_back(SubOp::create(
        b, loc, p,
        MulOp::create(b, loc, DivOp::create(b, loc, m1, denom), stepSize)));
    newState.push_back(m1);
    newState.push_back(v1);
  }
  // State results in input order: all first moments, then all second.
  if (opt.kind == "adam") {
    SmallVector<Value> ordered;
    for (size_t i = 0; i < numParams; ++i)
      ordered.push_back(newState[2 * i]);
    for (size_t i = 0; i < numParams; ++i)
      ordered.push_back(newState[2 * i + 1]);
    newState = ordered;
  }
  llvm::append_range(returned, newParams);
  llvm::append_range(returned, newState);
  if (hasStep)
    returned.push_back(t);
  // The buffers' updates: the forward graph cloned once more onto the
  // step's arguments (CSE later merges it with the gradient's forward
  // pass), its results for the buffers returned.
  if (!buffers.empty()) {
    IRMapping forward;
    for (auto [index, p] : llvm::enumerate(params))
      forward.map(p.getResult(), stepBody->getArgument(index));
    for (auto [index, constant] : llvm::enumerate(buffers))
      forward.map(constant.getResult(),
                  stepBody->getArgument(firstBuffer + index));
    for (unsigned i = 0; i < type.getNumInputs(); ++i)
      forward.map(body.getArgument(i), stepBody->getArgument(firstInput + i));
    for (Operation &op : body.without_terminator())
      if (!isa<ConstantOp>(op) || !forward.contains(op.getResult(0)))
        b.clone(op, forward);
    for (unsigned result : bufferResults)
      returned.push_back(forward.lookupOrDefault(
          body.getTerminator()->getOperand(result)));
  }
  func::ReturnOp::create(b, loc, returned);

  for (auto [i, name] : llvm::enumerate(inNames))
    step.setArgAttr(i, "loom.name", b.getStringAttr(name));

  // The state before the first step: the parameters' values, zeros for
  // every optimizer tensor (a new Tensor is zero-filled).
  if (initialState) {
    initialState->clear();
    for (size_t i = 0; i < firstInput; ++i) {
      if (i < numParams || i >= firstBuffer) {
        ConstantOp constant =
            i < numParams ? params[i] : buffers[i - firstBuffer];
        FailureOr<Tensor> value =
            eval::tensorFromAttr(cast<ElementsAttr>(constant.getValue()));
        if (failed(value))
          return fail("'" + inNames[i] +
                      "' has a value of an element type the runtime lacks");
        initialState->emplace_back(inNames[i], std::move(*value));
        continue;
      }
      auto tensor = cast<RankedTensorType>(stepInputs[i]);
      std::optional<DType> dtype = eval::dtypeOf(tensor.getElementType());
      if (!dtype)
        return fail("optimizer state '" + inNames[i] +
                    "' has an element type the runtime lacks");
      initialState->emplace_back(
          inNames[i], Tensor(*dtype, Shape(tensor.getShape().begin(),
                                           tensor.getShape().end())));
    }
  }
  for (auto [i, name] : llvm::enumerate(outNames))
    step.setResultAttr(i, "loom.name", b.getStringAttr(name));

  std::string entryName = entry.getSymName().str();
  gradFn.erase();
  lossFn.erase();
  entry.erase();
  step.setSymName(entryName);
  return success();
}

} // namespace loom
