//===- Propagation.cpp - Completing a function's shardings -------------------===//
//
// Part of the Loom project.
//
// Two phases over the top-level ops of one function.
//
// 1. Split axes. Every tensor dimension is open (undecided) or closed (its
//    mesh axes, possibly none). Annotated values start closed and never
//    change. Visiting an op resolves each of its factors to mesh axes from
//    the closed dimensions of its tensors (the conflict rule is in
//    `resolveFactors`) and closes the open dimensions the result reaches;
//    a dimension the op needs whole closes with no axes. Sweeps go forward
//    then backward over the ops until nothing changes (dimensions only ever
//    close, so this ends); what stays open is not split.
// 2. Pending sums. In program order, each op's factors are resolved again on
//    the final layouts; a split sum-reduction factor makes the result
//    partial over its axes, and partial operands stay partial through
//    linear ops (the rule's PartialPolicy) or are summed first. The layout
//    each operand is read in is recorded where it differs from the value's.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/Propagation.h"

#include "ir/ShardingAttr.h"
#include "passes/sharding/ShardingRules.h"
#include "passes/sharding/ShardingSpec.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "loom-propagate-sharding"

using namespace mlir;

namespace loom::sharding {
namespace {

using Axes = SmallVector<MeshAxis>;

struct ValueState {
  SmallVector<std::optional<Axes>> dims;
  /// Annotated by the user: its axes outrank every other candidate.
  bool annotated = false;
  /// The result of a `shard.shard`: never changes.
  bool fixed = false;
};

/// One tensor an op touches, with the rule's factors for its dimensions.
struct TensorUse {
  Value value;
  const TensorFactors *factors;
  unsigned position; // operands first, then results
  bool isResult;
};

class Propagator {
public:
  Propagator(func::FuncOp function, shard::GridOp grid, const Mesh &mesh)
      : function(function), mesh(mesh),
        grid(FlatSymbolRefAttr::get(grid.getSymNameAttr())) {}

  LogicalResult run();

private:
  LogicalResult readAnnotations();
  bool visit(Operation *op);
  SmallVector<Axes> resolveFactors(const OpShardingRule &rule,
                                   ArrayRef<TensorUse> tensors);
  void record();
  void recordOnce(const llvm::DenseSet<Value> &reducedAtSource);
  bool findReducedAtSource(llvm::DenseSet<Value> &reducedAtSource);

  SmallVector<TensorUse> tensorsOf(Operation *op, const OpShardingRule &rule);
  ValueState *stateOf(Value value);
  int64_t devices(ArrayRef<MeshAxis> axes) const {
    return mesh.product(axes);
  }
  SmallVector<Axes> decompose(ArrayRef<MeshAxis> axes,
                              ArrayRef<unsigned> factors,
                              const OpShardingRule &rule) const;
  Axes project(ArrayRef<unsigned> factors, ArrayRef<Axes> assignment,
               const OpShardingRule &rule) const;
  bool isFull(const Factor &factor, ArrayRef<MeshAxis> axes) const {
    return !ShapedType::isDynamic(factor.size) &&
           devices(axes) == factor.size;
  }

  func::FuncOp function;
  const Mesh &mesh;
  FlatSymbolRefAttr grid;
  SmallVector<Operation *> ops;
  llvm::DenseMap<Operation *, OpShardingRule> rules;
  llvm::DenseMap<Value, ValueState> states;
  llvm::DenseMap<Value, TensorSharding> finals;
};

ValueState *Propagator::stateOf(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return nullptr;
  auto [it, inserted] = states.try_emplace(value);
  if (inserted)
    it->second.dims.resize(type.getRank());
  return &it->second;
}

SmallVector<TensorUse> Propagator::tensorsOf(Operation *op,
                                             const OpShardingRule &rule) {
  SmallVector<TensorUse> tensors;
  unsigned position = 0;
  for (auto [value, factors] : llvm::zip(op->getOperands(), rule.operands)) {
    if (isa<RankedTensorType>(value.getType()))
      tensors.push_back({value, &factors, position, /*isResult=*/false});
    ++position;
  }
  for (auto [value, factors] : llvm::zip(op->getResults(), rule.results)) {
    if (isa<RankedTensorType>(value.getType()))
      tensors.push_back({value, &factors, position, /*isResult=*/true});
    ++position;
  }
  return tensors;
}

/// Splits the axes of a dimension made of `factors` (major first) among
/// them: each factor takes axes while they divide what is left of it, and
/// the next factor starts only once the previous one is fully split. Axes
/// that fit nowhere are dropped.
SmallVector<Axes> Propagator::decompose(ArrayRef<MeshAxis> axes,
                                        ArrayRef<unsigned> factors,
                                        const OpShardingRule &rule) const {
  SmallVector<Axes> parts(factors.size());
  size_t index = 0;
  int64_t left = rule.factors[factors[0]].size;
  for (MeshAxis axis : axes) {
    // Move on to the next factor once this one is fully split.
    while (left == 1 && index + 1 < factors.size())
      left = rule.factors[factors[++index]].size;
    if (left == 1)
      break;
    int64_t size = mesh.sizes[axis];
    if (!ShapedType::isDynamic(left)) {
      if (left % size != 0)
        break;
      left /= size;
    }
    parts[index].push_back(axis);
  }
  return parts;
}

/// The axes of a dimension made of `factors`: each factor's in turn, as
/// long as the factors before are fully split (otherwise the blocks would
/// not be contiguous, which resolveFactors never assigns).
Axes Propagator::project(ArrayRef<unsigned> factors,
                         ArrayRef<Axes> assignment,
                         const OpShardingRule &rule) const {
  Axes axes;
  for (auto [index, factor] : llvm::enumerate(factors)) {
    axes.append(assignment[factor]);
    if (index + 1 < factors.size() && rule.factors[factor].size != 1 &&
        !isFull(rule.factors[factor], assignment[factor]))
      break;
  }
  return axes;
}

/// The conflict rule. Factors are resolved in order, those proposed by an
/// annotated value first, then the others, each in the rule's order. A
/// factor's candidates are the axes its closed dimensions carry; the first
/// that is usable wins, ranked by: an annotated value first, then the
/// tensor with more elements (a dynamic dimension counts 1), then operand
/// order (operands before results). A candidate is usable when none of its
/// axes is already taken by another factor of the op, its devices divide
/// the factor's size, and every dimension holding the factor behind a more
/// major one has that one fully split. A factor without a usable candidate
/// is not split; a replicated factor never is.
SmallVector<Axes> Propagator::resolveFactors(const OpShardingRule &rule,
                                             ArrayRef<TensorUse> tensors) {
  struct Candidate {
    Axes axes;
    bool fixed;
    int64_t elements;
    unsigned position;
  };
  size_t count = rule.factors.size();
  SmallVector<SmallVector<Candidate>> candidates(count);
  if (count == 0)
    return {};
  for (const TensorUse &use : tensors) {
    ValueState *state = stateOf(use.value);
    auto type = cast<RankedTensorType>(use.value.getType());
    int64_t elements = 1;
    for (int64_t size : type.getShape())
      if (!ShapedType::isDynamic(size))
        elements *= size;
    for (auto [dim, factors] : llvm::enumerate(*use.factors)) {
      const std::optional<Axes> &closed = state->dims[dim];
      if (factors.empty() || !closed || closed->empty())
        continue;
      for (auto [factor, axes] :
           llvm::zip(factors, decompose(*closed, factors, rule)))
        if (!axes.empty())
          candidates[factor].push_back(
              {axes, state->annotated, elements, use.position});
    }
  }

  SmallVector<unsigned> order;
  for (bool annotated : {true, false})
    for (unsigned factor = 0; factor < count; ++factor)
      if (llvm::any_of(candidates[factor],
                       [](const Candidate &c) { return c.fixed; }) ==
          annotated)
        order.push_back(factor);

  SmallVector<Axes> assignment(count);
  SmallVector<bool> assigned(count, false);
  SmallVector<bool> taken(mesh.rank(), false);
  // An annotation's result is exactly its layout: a factor of an unsplit
  // dimension of it is not split either.
  for (const TensorUse &use : tensors) {
    ValueState *state = stateOf(use.value);
    if (!use.isResult || !state->fixed)
      continue;
    for (auto [dim, factors] : llvm::enumerate(*use.factors))
      if (state->dims[dim] && state->dims[dim]->empty())
        for (unsigned factor : factors)
          assigned[factor] = true;
  }
  // A factor that sits behind a more major one in some dimension needs
  // that one assigned and fully split.
  auto representable = [&](unsigned factor) {
    for (const TensorUse &use : tensors)
      for (const auto &factors : *use.factors) {
        const auto *at = llvm::find(factors, factor);
        for (const unsigned *major = factors.begin(); major != at &&
                                                      at != factors.end();
             ++major)
          if (rule.factors[*major].size != 1 &&
              (!assigned[*major] ||
               !isFull(rule.factors[*major], assignment[*major])))
            return false;
      }
    return true;
  };
  for (unsigned factor : order) {
    if (assigned[factor])
      continue;
    assigned[factor] = true;
    const Factor &info = rule.factors[factor];
    if (info.kind == FactorKind::Replicated)
      continue;
    llvm::stable_sort(candidates[factor], [](const Candidate &a,
                                             const Candidate &b) {
      if (a.fixed != b.fixed)
        return a.fixed;
      if (a.elements != b.elements)
        return a.elements > b.elements;
      return a.position < b.position;
    });
    for (const Candidate &candidate : candidates[factor]) {
      if (llvm::any_of(candidate.axes,
                       [&](MeshAxis axis) { return taken[axis]; }))
        continue;
      if (!ShapedType::isDynamic(info.size) &&
          info.size % devices(candidate.axes) != 0)
        continue;
      if (!representable(factor))
        continue;
      assignment[factor] = candidate.axes;
      for (MeshAxis axis : candidate.axes)
        taken[axis] = true;
      break;
    }
  }
  return assignment;
}

bool Propagator::visit(Operation *op) {
  const OpShardingRule &rule = rules.find(op)->second;
  SmallVector<TensorUse> tensors = tensorsOf(op, rule);
  SmallVector<Axes> assignment = resolveFactors(rule, tensors);
  bool changed = false;
  for (const TensorUse &use : tensors) {
    ValueState *state = stateOf(use.value);
    if (state->fixed)
      continue;
    for (auto [dim, factors] : llvm::enumerate(*use.factors)) {
      if (state->dims[dim])
        continue;
      bool whole = llvm::all_of(factors, [&](unsigned factor) {
        return rule.factors[factor].kind == FactorKind::Replicated;
      });
      Axes axes = whole ? Axes() : project(factors, assignment, rule);
      if (!whole && axes.empty())
        continue;
      state->dims[dim] = axes;
      changed = true;
    }
  }
  return changed;
}

LogicalResult Propagator::readAnnotations() {
  for (Operation *op : ops) {
    auto annotation = dyn_cast<shard::ShardOp>(op);
    if (!annotation)
      continue;
    auto spec = annotation.getSharding().getDefiningOp<shard::ShardingOp>();
    if (!spec)
      return annotation.emitError(
          "the sharding of an annotation must be a shard.sharding op");
    if (spec.getGridAttr() != grid)
      return annotation.emitError("the annotation is on grid @")
             << spec.getGrid() << " but the function is sharded on " << grid;
    if (!spec.getStaticHaloSizes().empty() ||
        !spec.getDynamicHaloSizes().empty() ||
        !spec.getStaticShardedDimsOffsets().empty() ||
        !spec.getDynamicShardedDimsOffsets().empty())
      return annotation.emitError(
          "halo sizes and uneven shard offsets are not supported");
    RankedTensorType type = annotation.getSrc().getType();
    if (spec.getSplitAxes().size() > static_cast<size_t>(type.getRank()))
      return annotation.emitError("the sharding has ")
             << spec.getSplitAxes().size() << " entries for a tensor of rank "
             << type.getRank();
    TensorSharding sharding = fromShardingOp(spec, type.getRank());
    std::string error;
    if (!checkSharding(sharding, mesh, type, "the annotated tensor", error))
      return annotation.emitError(error);
    // The annotation's result is the annotated value every user reads.
    // Without `annotate_for_users` it also asks the producer of its source
    // for that layout, which then outranks any other.
    SmallVector<Value, 2> annotated{annotation.getResult()};
    if (!annotation.getAnnotateForUsers())
      annotated.push_back(annotation.getSrc());
    SmallVector<std::optional<Axes>> dims(sharding.dims.begin(),
                                          sharding.dims.end());
    for (Value value : annotated) {
      ValueState *state = stateOf(value);
      if (state->annotated && state->dims != dims)
        return annotation.emitError("conflicting annotations of one value: ")
               << formatSharding(sharding, mesh) << " here, another before";
      state->dims = dims;
      state->annotated = true;
    }
    stateOf(annotation.getResult())->fixed = true;
  }
  return success();
}

LogicalResult Propagator::run() {
  Block &body = function.getBody().front();
  for (Operation &op : body.without_terminator()) {
    ops.push_back(&op);
    rules.try_emplace(&op, getShardingRule(&op));
  }
  // Every state exists before any is used: the map never grows later.
  for (BlockArgument argument : body.getArguments())
    stateOf(argument);
  for (Operation *op : ops)
    for (Value result : op->getResults())
      stateOf(result);
  if (failed(readAnnotations()))
    return failure();

  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation *op : ops)
      changed |= visit(op);
    for (Operation *op : llvm::reverse(ops))
      changed |= visit(op);
  }
  for (auto &[value, state] : states)
    for (std::optional<Axes> &dim : state.dims)
      if (!dim)
        dim = Axes();
  record();
  return success();
}

/// Phase 2: pending sums, then every attribute. A pending sum that one
/// reader needs reduced is reduced once for all its readers: a linear
/// reader that could keep it pending (Adam's first moment reading the
/// gradient its second moment squares) reads the reduced value instead of
/// making a second pending sum to reduce later. Readers may then reduce
/// more values, so this repeats until no pending sum joins the set.
void Propagator::record() {
  llvm::DenseSet<Value> reducedAtSource;
  do
    recordOnce(reducedAtSource);
  while (findReducedAtSource(reducedAtSource));
}

/// Adds to `reducedAtSource` every pending value that one reader reads
/// reduced and another keeps pending; true if any was added.
bool Propagator::findReducedAtSource(llvm::DenseSet<Value> &reducedAtSource) {
  bool added = false;
  for (auto &[value, sharding] : finals) {
    if (sharding.partial.empty() || reducedAtSource.contains(value))
      continue;
    bool reduces = false, keeps = false;
    for (OpOperand &use : value.getUses()) {
      ShardingAttr read = getOperandSharding(use);
      bool kept = !read || fromAttr(read).partial == sharding.partial;
      (kept ? keeps : reduces) = true;
    }
    if (reduces && keeps) {
      reducedAtSource.insert(value);
      added = true;
    }
  }
  return added;
}

void Propagator::recordOnce(const llvm::DenseSet<Value> &reducedAtSource) {
  auto valueSharding = [&](Value value) -> TensorSharding {
    auto it = finals.find(value);
    if (it != finals.end())
      return it->second;
    // Arguments, and values defined by ops not visited (none in practice).
    TensorSharding sharding;
    for (const std::optional<Axes> &dim : stateOf(value)->dims)
      sharding.dims.push_back(*dim);
    return sharding;
  };
  MLIRContext *context = function.getContext();
  StringRef shardingName = LoomDialect::ShardingAttrHelper::getNameStr();
  StringRef operandName = LoomDialect::OperandShardingsAttrHelper::getNameStr();

  for (BlockArgument argument : function.getArguments())
    if (stateOf(argument))
      function.setArgAttr(argument.getArgNumber(), shardingName,
                          toAttr(grid, valueSharding(argument)));

  for (Operation *op : ops) {
    op->removeAttr(shardingName);
    op->removeAttr(LoomDialect::ResultShardingsAttrHelper::getNameStr());
    op->removeAttr(operandName);
    const OpShardingRule &rule = rules.find(op)->second;
    SmallVector<TensorUse> tensors = tensorsOf(op, rule);
    SmallVector<Axes> assignment = resolveFactors(rule, tensors);
    Axes used;
    for (const Axes &axes : assignment)
      used.append(axes);
    auto collides = [&](ArrayRef<MeshAxis> axes) {
      return llvm::any_of(axes, [&](MeshAxis axis) {
        return llvm::is_contained(used, axis);
      });
    };

    // Which operands stay pending sums.
    unsigned numOperands = op->getNumOperands();
    SmallVector<Axes> operandPartial(numOperands);
    SmallVector<bool> isTensor(numOperands, false);
    for (auto [index, value] : llvm::enumerate(op->getOperands()))
      if (isa<RankedTensorType>(value.getType())) {
        isTensor[index] = true;
        if (!reducedAtSource.contains(value))
          operandPartial[index] = valueSharding(value).partial;
      }
    auto linear = [&](unsigned index) {
      return index < rule.linear.size() && rule.linear[index];
    };
    SmallVector<bool> keep(numOperands, false);
    Axes kept;
    if (rule.partial == PartialPolicy::SameOnAll) {
      std::optional<Axes> common;
      bool same = true;
      for (unsigned index = 0; index < numOperands; ++index) {
        if (!isTensor[index])
          continue;
        if (!linear(index)) {
          same &= operandPartial[index].empty();
          continue;
        }
        if (!common)
          common = operandPartial[index];
        same &= *common == operandPartial[index];
      }
      if (same && common && !common->empty() && !collides(*common)) {
        kept = *common;
        for (unsigned index = 0; index < numOperands; ++index)
          keep[index] = isTensor[index] && linear(index);
      }
    } else if (rule.partial == PartialPolicy::OneOperand) {
      SmallVector<unsigned> pending;
      for (unsigned index = 0; index < numOperands; ++index)
        if (isTensor[index] && !operandPartial[index].empty())
          pending.push_back(index);
      if (pending.size() == 1 && linear(pending[0]) &&
          !collides(operandPartial[pending[0]])) {
        keep[pending[0]] = true;
        kept = operandPartial[pending[0]];
      }
    }

    // The layout each operand is read in.
    SmallVector<Attribute> reads;
    bool resharded = false;
    for (auto [index, value] : llvm::enumerate(op->getOperands())) {
      if (!isTensor[index]) {
        reads.push_back(UnitAttr::get(context));
        continue;
      }
      TensorSharding read;
      for (const auto &factors : rule.operands[index])
        read.dims.push_back(project(factors, assignment, rule));
      if (keep[index])
        read.partial = operandPartial[index];
      resharded |= read != valueSharding(value);
      reads.push_back(toAttr(grid, read));
    }
    if (resharded)
      op->setAttr(operandName, ArrayAttr::get(context, reads));

    // Results: their closed layout, pending over the kept axes and the
    // axes of split sum reductions, less any axis a dimension now uses.
    Axes partial = kept;
    for (auto [factor, axes] : llvm::enumerate(assignment))
      if (rule.factors[factor].kind == FactorKind::Reduction &&
          rule.factors[factor].combine == Combine::Sum)
        partial.append(axes);
    llvm::sort(partial);
    // A result is exactly what the op computes from the layouts it reads
    // (an annotation's result is fixed, and its rule computes just that),
    // so every reshard is at a reader.
    SmallVector<ShardingAttr> results;
    for (auto [index, result] : llvm::enumerate(op->getResults())) {
      ValueState *state = stateOf(result);
      if (!state)
        continue;
      TensorSharding sharding;
      for (auto [dim, factors] : llvm::enumerate(rule.results[index])) {
        sharding.dims.push_back(state->fixed
                                    ? *state->dims[dim]
                                    : project(factors, assignment, rule));
        state->dims[dim] = sharding.dims.back();
      }
      Axes split = sharding.usedAxes();
      for (MeshAxis axis : partial)
        if (!llvm::is_contained(split, axis))
          sharding.partial.push_back(axis);
      finals[result] = sharding;
      results.push_back(toAttr(grid, sharding));
    }
    if (!results.empty() && results.size() == op->getNumResults())
      setResultShardings(op, results);
  }

  // The function's results are what callers receive: never pending.
  Operation *terminator = function.getBody().front().getTerminator();
  terminator->removeAttr(operandName);
  SmallVector<Attribute> reads;
  bool resharded = false;
  for (auto [index, value] : llvm::enumerate(terminator->getOperands())) {
    if (!isa<RankedTensorType>(value.getType())) {
      reads.push_back(UnitAttr::get(context));
      continue;
    }
    TensorSharding returned = valueSharding(value);
    TensorSharding read = returned;
    read.partial.clear();
    resharded |= read != returned;
    reads.push_back(toAttr(grid, read));
    function.setResultAttr(index, shardingName, toAttr(grid, read));
  }
  if (resharded)
    terminator->setAttr(operandName, ArrayAttr::get(context, reads));
}

} // namespace

LogicalResult propagateShardings(func::FuncOp function, shard::GridOp grid,
                                 const Mesh &mesh) {
  return Propagator(function, grid, mesh).run();
}

} // namespace loom::sharding
