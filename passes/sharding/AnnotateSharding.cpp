//===- AnnotateSharding.cpp - Mesh and shardings from the command line -------===//
//
// Part of the Loom project.
//
// Turns `--mesh`, `--shard` and `--parallel` into IR: a `shard.grid` with
// named axes and `shard.shard` annotations on the tensors they name, in the
// upstream vocabulary, so that a `.mlir` model written with its own
// annotations and one annotated here look the same to propagation.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"
#include "passes/sharding/Presets.h"

#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace loom {
#define GEN_PASS_DEF_LOOMANNOTATESHARDING
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;
using namespace loom::sharding;

namespace loom {
namespace {

constexpr StringLiteral kGridName = "mesh";

/// The names a location gives an op: a NameLoc's, or each of those in a
/// FusedLoc (constants deduplicated by folding carry all their names).
SmallVector<StringRef> namesOf(Location loc) {
  SmallVector<StringRef> names;
  if (auto name = dyn_cast<NameLoc>(loc))
    names.push_back(name.getName().getValue());
  else if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(part))
        names.push_back(name.getName().getValue());
  return names;
}

/// A model tensor a `--shard` may name.
struct NamedTensor {
  Value value;
  /// The return operand of an output, which the annotation replaces.
  std::optional<unsigned> resultIndex;
};

/// The tensors of `function` by name: inputs and outputs by their
/// `loom.name` (or `input_N`/`output_N`, as the artifact names them), then
/// constants by their location `loc("NAME")` (the ONNX importer names each
/// initializer so), or any name in a fused location. The first of two
/// tensors with one name wins.
llvm::StringMap<NamedTensor> namedTensors(func::FuncOp function) {
  llvm::StringMap<NamedTensor> tensors;
  for (BlockArgument argument : function.getArguments()) {
    auto name = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                      "loom.name");
    tensors.try_emplace(name ? name.str()
                             : "input_" + std::to_string(argument.getArgNumber()),
                        NamedTensor{argument, std::nullopt});
  }
  Operation *terminator = function.getBody().front().getTerminator();
  for (auto [index, value] : llvm::enumerate(terminator->getOperands())) {
    auto name = function.getResultAttrOfType<StringAttr>(index, "loom.name");
    tensors.try_emplace(name ? name.str() : "output_" + std::to_string(index),
                        NamedTensor{value, static_cast<unsigned>(index)});
  }
  function.walk([&](ConstantOp constant) {
    for (StringRef name : namesOf(constant.getLoc()))
      tensors.try_emplace(name, NamedTensor{constant.getResult(), std::nullopt});
  });
  return tensors;
}

/// How a preset's target is named in a warning.
std::string describe(Value value) {
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto function = cast<func::FuncOp>(argument.getOwner()->getParentOp());
    auto name = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                      "loom.name");
    return "input '" +
           (name ? name.str()
                 : "input_" + std::to_string(argument.getArgNumber())) +
           "'";
  }
  SmallVector<StringRef> names = namesOf(value.getLoc());
  if (!names.empty())
    return "'" + names.front().str() + "'";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "the constant at " << value.getLoc();
  return text;
}

struct LoomAnnotateShardingPass
    : impl::LoomAnnotateShardingBase<LoomAnnotateShardingPass> {
  using Base::Base;

  void runOnOperation() override;

  /// The grid to annotate against: a new `@mesh`, or one already in the
  /// module with the same axes.
  FailureOr<shard::GridOp> createGrid(func::FuncOp function, const Mesh &mesh);
  void annotate(func::FuncOp function, FlatSymbolRefAttr grid,
                const NamedTensor &tensor, const TensorSharding &sharding);
};

void LoomAnnotateShardingPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (mesh.empty() && shard.empty() && parallel.empty())
    return;
  func::FuncOp function = findEntryFunction(module);
  if (!function) {
    module.emitError("loom-annotate-sharding: the module has no @main and "
                     "not exactly one function");
    return signalPassFailure();
  }
  auto fail = [&](const Twine &message) {
    function.emitError(message);
    signalPassFailure();
  };
  // Specs or presets without a mesh get parseMesh's "empty" message.
  std::string error;
  std::optional<Mesh> parsed = parseMesh(mesh, error);
  if (!parsed)
    return fail(error);

  // Every --shard, checked in full before anything changes.
  llvm::StringMap<NamedTensor> tensors = namedTensors(function);
  SmallVector<std::pair<NamedTensor, TensorSharding>> annotations;
  llvm::DenseSet<Value> annotated;
  llvm::StringSet<> named;
  bool failed = false;
  for (const std::string &text : shard) {
    std::optional<ShardSpec> spec = parseShardSpec(text, error);
    if (!spec) {
      fail(error);
      failed = true;
      continue;
    }
    auto it = tensors.find(spec->name);
    if (it == tensors.end()) {
      fail("--shard '" + text + "': the model has no tensor named '" +
           spec->name + "'");
      failed = true;
      continue;
    }
    auto type = cast<RankedTensorType>(it->second.value.getType());
    std::optional<TensorSharding> sharding =
        resolveShardSpec(*spec, *parsed, type, error);
    if (!sharding) {
      fail(error);
      failed = true;
      continue;
    }
    if (!named.insert(spec->name).second) {
      fail("--shard '" + text + "': tensor '" + spec->name +
           "' is named by another --shard too");
      failed = true;
      continue;
    }
    if (!it->second.resultIndex)
      annotated.insert(it->second.value);
    annotations.push_back({it->second, *sharding});
  }

  // Presets add what --shard did not name.
  for (const std::string &preset : parallel) {
    StringRef axisName = preset == "data"     ? StringRef(kDataAxis)
                         : preset == "tensor" ? StringRef(kModelAxis)
                                              : StringRef();
    if (axisName.empty()) {
      fail("--parallel '" + preset + "': unknown preset (data, tensor)");
      failed = true;
      continue;
    }
    std::optional<MeshAxis> axis = parsed->find(axisName);
    if (!axis) {
      fail("--parallel=" + preset + " needs a mesh axis named '" + axisName +
           "' (the mesh has " + llvm::join(parsed->names, ", ") + ")");
      failed = true;
      continue;
    }
    SmallVector<ShardTarget> targets;
    if (preset == "data")
      dataParallelTargets(function, *axis, targets);
    else
      tensorParallelTargets(function, *axis, targets);
    for (ShardTarget &target : targets) {
      if (annotated.contains(target.value))
        continue;
      auto type = cast<RankedTensorType>(target.value.getType());
      std::string what = "--parallel=" + preset + ": " + describe(target.value);
      if (!checkSharding(target.sharding, *parsed, type, what, error)) {
        // A batch that does not divide defeats data parallelism; a layer
        // that does not divide only stays whole.
        if (preset == "data") {
          fail(error);
          failed = true;
        } else {
          function.emitWarning(error + "; it stays replicated");
        }
        continue;
      }
      annotated.insert(target.value);
      annotations.push_back({NamedTensor{target.value, std::nullopt},
                             std::move(target.sharding)});
    }
  }
  if (failed)
    return;

  FailureOr<shard::GridOp> grid = createGrid(function, *parsed);
  if (::mlir::failed(grid))
    return signalPassFailure();
  auto gridRef = FlatSymbolRefAttr::get(grid->getSymNameAttr());
  for (auto &[tensor, sharding] : annotations)
    annotate(function, gridRef, tensor, sharding);
}

FailureOr<shard::GridOp>
LoomAnnotateShardingPass::createGrid(func::FuncOp function, const Mesh &mesh) {
  ModuleOp module = getOperation();
  MLIRContext *context = module.getContext();
  SmallVector<Attribute> names;
  for (const std::string &name : mesh.names)
    names.push_back(StringAttr::get(context, name));
  auto namesAttr = ArrayAttr::get(context, names);
  StringRef namesKey = LoomDialect::MeshAxesAttrHelper::getNameStr();
  if (Operation *existing = module.lookupSymbol(kGridName)) {
    auto grid = dyn_cast<shard::GridOp>(existing);
    if (grid && grid.getShape() == ArrayRef<int64_t>(mesh.sizes) &&
        grid->getAttr(namesKey) == namesAttr)
      return grid;
    function.emitError("--mesh: the module already has a symbol @")
        << kGridName << " that is not this mesh";
    return failure();
  }
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto grid =
      shard::GridOp::create(builder, module.getLoc(), kGridName, mesh.sizes);
  grid->setAttr(namesKey, namesAttr);
  return grid;
}

void LoomAnnotateShardingPass::annotate(func::FuncOp function,
                                        FlatSymbolRefAttr grid,
                                        const NamedTensor &tensor,
                                        const TensorSharding &sharding) {
  Value value = tensor.value;
  OpBuilder builder(function.getContext());
  if (tensor.resultIndex) {
    // An output: the value is read in this layout by the return.
    Operation *terminator = function.getBody().front().getTerminator();
    value = terminator->getOperand(*tensor.resultIndex);
    builder.setInsertionPoint(terminator);
    Value spec = createShardingOp(builder, value.getLoc(), grid, sharding);
    auto annotation = shard::ShardOp::create(builder, value.getLoc(), value,
                                             spec, /*annotate_for_users=*/true);
    terminator->setOperand(*tensor.resultIndex, annotation.getResult());
    return;
  }
  // An input or a constant: the value itself has this layout.
  if (auto argument = dyn_cast<BlockArgument>(value))
    builder.setInsertionPointToStart(argument.getOwner());
  else
    builder.setInsertionPointAfter(value.getDefiningOp());
  Value spec = createShardingOp(builder, value.getLoc(), grid, sharding);
  auto annotation = shard::ShardOp::create(builder, value.getLoc(), value, spec,
                                           /*annotate_for_users=*/false);
  value.replaceAllUsesExcept(annotation.getResult(), annotation);
}

} // namespace
} // namespace loom
