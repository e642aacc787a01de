//===- ShardingSpec.cpp - Tensor shardings and the spec syntax ---------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/ShardingSpec.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace loom::sharding {

bool TensorSharding::isReplicated() const {
  return partial.empty() &&
         llvm::all_of(dims, [](const auto &axes) { return axes.empty(); });
}

SmallVector<MeshAxis> TensorSharding::usedAxes() const {
  SmallVector<MeshAxis> axes(partial.begin(), partial.end());
  for (const auto &dim : dims)
    axes.append(dim.begin(), dim.end());
  return axes;
}

namespace {

/// A cursor over a spec's text that skips blanks between tokens.
struct SpecLexer {
  StringRef rest;

  bool consume(char c) {
    rest = rest.ltrim();
    if (rest.empty() || rest.front() != c)
      return false;
    rest = rest.drop_front();
    return true;
  }
  /// An identifier, or `_`; empty when there is none.
  StringRef word() {
    rest = rest.ltrim();
    size_t length = 0;
    while (length < rest.size() &&
           (llvm::isAlnum(rest[length]) || rest[length] == '_'))
      ++length;
    StringRef word = rest.take_front(length);
    rest = rest.drop_front(length);
    return word;
  }
};

} // namespace

std::optional<ShardSpec> parseShardSpec(StringRef text, std::string &error) {
  auto fail = [&](const Twine &why) -> std::optional<ShardSpec> {
    error = ("--shard '" + text + "': " + why).str();
    return std::nullopt;
  };
  size_t open = text.find("=[");
  if (open == StringRef::npos || open == 0 || !text.rtrim().ends_with("]"))
    return fail("write it as NAME=[AXIS|_|(AXIS,AXIS),...], one entry per "
                "dimension");
  ShardSpec spec;
  spec.text = text.str();
  spec.name = text.take_front(open).trim().str();
  SpecLexer lexer{text.drop_front(open + 2).rtrim().drop_back()};
  if (lexer.rest.trim().empty())
    return spec; // A rank-0 tensor.
  do {
    SmallVector<std::string> &axes = spec.dims.emplace_back();
    if (lexer.consume('(')) {
      do {
        StringRef axis = lexer.word();
        if (axis.empty() || axis == "_")
          return fail("a parenthesized entry lists axis names only");
        axes.push_back(axis.str());
      } while (lexer.consume(','));
      if (!lexer.consume(')'))
        return fail("missing ')' in dimension " + Twine(spec.dims.size() - 1));
      continue;
    }
    StringRef axis = lexer.word();
    if (axis.empty())
      return fail("dimension " + Twine(spec.dims.size() - 1) +
                  " is not an axis name, '_' or '(AXIS,AXIS...)'");
    if (axis != "_")
      axes.push_back(axis.str());
  } while (lexer.consume(','));
  if (!lexer.rest.trim().empty())
    return fail("unexpected '" + lexer.rest.trim() + "'");
  return spec;
}

bool checkSharding(const TensorSharding &sharding, const Mesh &mesh,
                   RankedTensorType type, StringRef what, std::string &error) {
  if (sharding.rank() != type.getRank()) {
    error = (what + " has rank " + Twine(type.getRank()) + " but the sharding " +
             formatSharding(sharding, mesh) + " has " +
             Twine(sharding.rank()) + " entries")
                .str();
    return false;
  }
  SmallVector<bool> used(mesh.rank(), false);
  for (MeshAxis axis : sharding.usedAxes()) {
    if (axis < 0 || static_cast<unsigned>(axis) >= mesh.rank()) {
      error = (what + ": mesh axis " + Twine(axis) +
               " does not exist; the mesh has " + Twine(mesh.rank()) +
               (mesh.rank() == 1 ? " axis" : " axes"))
                  .str();
      return false;
    }
    if (used[axis]) {
      error = (what + ": axis '" + mesh.names[axis] + "' is used twice in " +
               formatSharding(sharding, mesh))
                  .str();
      return false;
    }
    used[axis] = true;
  }
  for (auto [dim, axes] : llvm::enumerate(sharding.dims)) {
    int64_t size = type.getDimSize(dim);
    int64_t devices = mesh.product(axes);
    if (!ShapedType::isDynamic(size) && size % devices != 0) {
      error = (what + ": dimension " + Twine(dim) + " of size " + Twine(size) +
               " is not divisible by " + Twine(devices) + " (" +
               mesh.format(axes) + ")")
                  .str();
      return false;
    }
  }
  return true;
}

std::optional<TensorSharding> resolveShardSpec(const ShardSpec &spec,
                                               const Mesh &mesh,
                                               RankedTensorType type,
                                               std::string &error) {
  if (spec.dims.size() != static_cast<size_t>(type.getRank())) {
    error = "--shard '" + spec.text + "': tensor '" + spec.name +
            "' has rank " + std::to_string(type.getRank()) +
            " but the spec has " + std::to_string(spec.dims.size()) +
            (spec.dims.size() == 1 ? " entry" : " entries");
    return std::nullopt;
  }
  TensorSharding sharding;
  for (const auto &names : spec.dims) {
    auto &axes = sharding.dims.emplace_back();
    for (const std::string &name : names) {
      std::optional<MeshAxis> axis = mesh.find(name);
      if (!axis) {
        error = "--shard '" + spec.text + "': the mesh has no axis '" + name +
                "' (its axes: " + llvm::join(mesh.names, ", ") + ")";
        return std::nullopt;
      }
      axes.push_back(*axis);
    }
  }
  if (!checkSharding(sharding, mesh, type, "--shard '" + spec.text + "'",
                     error))
    return std::nullopt;
  return sharding;
}

std::string formatSharding(const TensorSharding &sharding, const Mesh &mesh) {
  std::string text = "[";
  for (auto [index, axes] : llvm::enumerate(sharding.dims))
    text += (index ? "," : "") + mesh.format(axes);
  text += "]";
  if (!sharding.partial.empty()) {
    SmallVector<std::string> names;
    for (MeshAxis axis : sharding.partial)
      names.push_back(axis >= 0 && static_cast<unsigned>(axis) < mesh.rank()
                          ? mesh.names[axis]
                          : std::to_string(axis));
    text += " partial (" + llvm::join(names, ",") + ")";
  }
  return text;
}

ShardingAttr toAttr(FlatSymbolRefAttr grid, const TensorSharding &sharding) {
  MLIRContext *context = grid.getContext();
  SmallVector<DenseI16ArrayAttr> dims;
  for (const auto &axes : sharding.dims)
    dims.push_back(DenseI16ArrayAttr::get(context, axes));
  return ShardingAttr::get(context, grid, dims, sharding.partial);
}

TensorSharding fromAttr(ShardingAttr attr) {
  TensorSharding sharding;
  for (DenseI16ArrayAttr axes : attr.getSplitAxes())
    sharding.dims.emplace_back(axes.asArrayRef());
  sharding.partial.assign(attr.getPartialAxes().begin(),
                          attr.getPartialAxes().end());
  return sharding;
}

TensorSharding fromShardingOp(shard::ShardingOp op, unsigned rank) {
  TensorSharding sharding = TensorSharding::replicated(rank);
  for (auto [dim, axes] : llvm::enumerate(op.getSplitAxes().getAxes()))
    if (dim < rank)
      sharding.dims[dim].assign(axes.asArrayRef().begin(),
                                axes.asArrayRef().end());
  return sharding;
}

Value createShardingOp(OpBuilder &builder, Location loc, FlatSymbolRefAttr grid,
                       const TensorSharding &sharding) {
  SmallVector<shard::GridAxesAttr> splitAxes;
  for (const auto &axes : sharding.dims)
    splitAxes.push_back(shard::GridAxesAttr::get(builder.getContext(), axes));
  return shard::ShardingOp::create(builder, loc, grid, splitAxes).getResult();
}

func::FuncOp findEntryFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main.isExternal() ? func::FuncOp() : main;
  func::FuncOp entry;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (function.isExternal())
      continue;
    if (entry)
      return {};
    entry = function;
  }
  return entry;
}

} // namespace loom::sharding
