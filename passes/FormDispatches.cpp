//===- FormDispatches.cpp - Partition loom ops into outlined kernels ----===//
//
// Part of the Loom project.
//
// The fusion pass of code generation: groups each function's loom ops into
// kernels (a root with its elementwise producers and epilogues, or a chain of
// elementwise ops), outlines every group into a `loom.kernel` function and
// calls it. The rules are in Passes.td; this file states why each holds.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Debug.h"

#include <optional>
#include <queue>

#define DEBUG_TYPE "loom-form-dispatches"

namespace loom {
#define GEN_PASS_DEF_LOOMFORMDISPATCHES
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// The ops of the elementwise group (LoomElementwiseOps.td). Broadcasting
/// binary ops cannot carry MLIR's `Elementwise` trait (it requires equal
/// operand shapes), so the group's generated op list is the classification.
bool isElementwise(Operation *op) {
  return isa<
#define GET_OP_LIST
#include "ir/LoomElementwiseOps.cpp.inc"
      >(op);
}

/// Contractions, whose elementwise consumers become their epilogue.
bool isContraction(Operation *op) {
  return isa<MatmulOp, ConvOp, ConvTransposeOp, MatmulIntegerOp,
             ConvIntegerOp>(op);
}

/// Roots that read each input element once per output they reduce into, so
/// an elementwise producer fused into them is computed once per element.
bool takesProducers(Operation *op) {
  return isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp,
             ArgMaxOp, ArgMinOp, SoftmaxOp, LogSoftmaxOp, LayerNormOp>(op);
}

/// Splats and single elements cost nothing to rematerialize in a kernel.
bool isClonedConstant(Operation *op) {
  auto constant = dyn_cast<ConstantOp>(op);
  if (!constant)
    return false;
  ElementsAttr value = constant.getValue();
  return value.isSplat() || value.getNumElements() <= 1;
}

/// Ops that stay in the calling function: constants (kernel arguments or
/// clones), reshapes (aliases of their operand's buffer) and anything that is
/// not a loom op.
bool staysInCaller(Operation *op) {
  return isa<ConstantOp, ReshapeOp>(op) ||
         !isa_and_present<LoomDialect>(op->getDialect());
}

struct Group {
  /// The root, or the last op of a rootless elementwise chain: its location
  /// names the kernel's call.
  Operation *anchor;
  bool hasRoot;
  SmallVector<Operation *> ops;
};

/// Partitions the ops of one block into groups and outlines them.
class BlockPartition {
public:
  BlockPartition(Block &block) : block(block) {
    for (Operation &op : block.without_terminator()) {
      position[&op] = ops.size();
      ops.push_back(&op);
    }
  }

  void formGroups() {
    // Epilogues first, so that an elementwise consumer of a contraction goes
    // into its epilogue rather than being taken as a producer by a later
    // reduction.
    for (Operation *op : ops)
      if (isContraction(op))
        formEpilogue(newGroup(op, /*hasRoot=*/true));
    // Consumers before producers: when the walk reaches a group's last op,
    // every user of an op before it is in a group already (or will never be
    // in this one), so "all users in the group" can be decided.
    SmallVector<bool> producersTaken;
    for (Operation *op : llvm::reverse(ops)) {
      if (staysInCaller(op))
        continue;
      if (!groupOf.contains(op))
        newGroup(op, /*hasRoot=*/!isElementwise(op));
      unsigned group = groupOf[op];
      producersTaken.resize(groups.size(), false);
      if (producersTaken[group])
        continue;
      producersTaken[group] = true;
      Operation *root = groups[group].hasRoot ? groups[group].anchor : nullptr;
      if (!root || isContraction(root) || takesProducers(root))
        absorbProducers(group);
    }
    mergeChains();
    for (unsigned g = 0, e = groups.size(); g < e; ++g)
      llvm::sort(groups[g].ops, [&](Operation *a, Operation *b) {
        return position.lookup(a) < position.lookup(b);
      });
  }

  /// The order in which groups and the ops staying in the caller are
  /// emitted, as (group index, null) or (0, op): a topological order of the
  /// dependences between them (one exists because every fusion rule keeps
  /// the graph acyclic), taking among the ready ones the one whose last op
  /// comes first.
  SmallVector<std::pair<unsigned, Operation *>> schedule() {
    // Units: groups 0..G-1, then the ops staying in the caller.
    SmallVector<Operation *> stayingOps;
    DenseMap<Operation *, unsigned> unitOf;
    for (auto [index, group] : llvm::enumerate(groups))
      for (Operation *op : group.ops)
        unitOf[op] = index;
    for (Operation *op : ops)
      if (!groupOf.contains(op)) {
        unitOf[op] = groups.size() + stayingOps.size();
        stayingOps.push_back(op);
      }
    unsigned numUnits = groups.size() + stayingOps.size();

    SmallVector<unsigned> lastPosition(numUnits, 0);
    SmallVector<SmallVector<unsigned>> successors(numUnits);
    SmallVector<unsigned> numPredecessors(numUnits, 0);
    DenseSet<std::pair<unsigned, unsigned>> edges;
    for (Operation *op : ops) {
      unsigned unit = unitOf[op];
      lastPosition[unit] = std::max(lastPosition[unit], position[op]);
      // Operands of nested ops count too: a region of an op staying in the
      // caller may read a kernel's result.
      op->walk([&](Operation *nested) {
        for (Value operand : nested->getOperands()) {
          Operation *producer = producerInBlock(operand);
          if (!producer || unitOf[producer] == unit)
            continue;
          if (edges.insert({unitOf[producer], unit}).second) {
            successors[unitOf[producer]].push_back(unit);
            ++numPredecessors[unit];
          }
        }
      });
    }

    using Entry = std::pair<unsigned, unsigned>; // (last position, unit)
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> ready;
    for (unsigned unit = 0; unit < numUnits; ++unit)
      if (numPredecessors[unit] == 0)
        ready.push({lastPosition[unit], unit});
    SmallVector<std::pair<unsigned, Operation *>> order;
    while (!ready.empty()) {
      unsigned unit = ready.top().second;
      ready.pop();
      if (unit < groups.size())
        order.push_back({unit, nullptr});
      else
        order.push_back({0, stayingOps[unit - groups.size()]});
      for (unsigned successor : successors[unit])
        if (--numPredecessors[successor] == 0)
          ready.push({lastPosition[successor], successor});
    }
    assert(order.size() == numUnits && "fusion groups form a cycle");
    return order;
  }

  ArrayRef<Group> getGroups() const { return groups; }
  bool inGroup(Operation *op, unsigned group) const {
    auto it = groupOf.find(op);
    return it != groupOf.end() && it->second == group;
  }
  /// The op of this block that `user` is or is nested in, or null.
  Operation *ancestorInBlock(Operation *user) const {
    return block.findAncestorOpInBlock(*user);
  }

private:
  unsigned newGroup(Operation *anchor, bool hasRoot) {
    groups.push_back({anchor, hasRoot, {anchor}});
    groupOf[anchor] = groups.size() - 1;
    return groups.size() - 1;
  }

  void addToGroup(Operation *op, unsigned group) {
    groups[group].ops.push_back(op);
    groupOf[op] = group;
  }

  Operation *producerInBlock(Value value) const {
    Operation *producer = value.getDefiningOp();
    return producer && producer->getBlock() == &block ? producer : nullptr;
  }

  /// Whether `value` is computed from a result of `group`, following whole
  /// groups: a group runs as one call, so it waits for every operand of any
  /// of its ops.
  bool dependsOnGroup(Value value, unsigned group) const {
    SmallVector<Operation *> worklist;
    DenseSet<Operation *> visited;
    if (Operation *producer = producerInBlock(value))
      worklist.push_back(producer);
    while (!worklist.empty()) {
      Operation *op = worklist.pop_back_val();
      if (!visited.insert(op).second)
        continue;
      auto it = groupOf.find(op);
      if (it != groupOf.end() && it->second == group)
        return true;
      ArrayRef<Operation *> members =
          it != groupOf.end() ? ArrayRef(groups[it->second].ops) : ArrayRef(op);
      for (Operation *member : members) {
        visited.insert(member);
        member->walk([&](Operation *nested) {
          for (Value operand : nested->getOperands())
            if (Operation *producer = producerInBlock(operand))
              worklist.push_back(producer);
        });
      }
    }
    return false;
  }

  /// Takes, in program order, the elementwise ops that consume the group's
  /// values, keep the root's result shape and whose other operands do not
  /// depend on the group. The last condition is what keeps the groups
  /// acyclic: the group's inputs can all be computed before it runs.
  void formEpilogue(unsigned group) {
    Operation *root = groups[group].anchor;
    auto rootType = cast<ShapedType>(root->getResult(0).getType());
    // With a dynamic size, equal shapes do not mean equal sizes.
    if (!rootType.hasStaticShape())
      return;
    for (Operation *op : ArrayRef(ops).drop_front(position[root] + 1)) {
      if (groupOf.contains(op) || !isElementwise(op))
        continue;
      if (cast<ShapedType>(op->getResult(0).getType()).getShape() !=
          rootType.getShape())
        continue;
      auto isGroupValue = [&](Value operand) {
        Operation *producer = producerInBlock(operand);
        return producer && inGroup(producer, group);
      };
      if (llvm::none_of(op->getOperands(), isGroupValue))
        continue;
      bool othersAvailable =
          llvm::all_of(op->getOperands(), [&](Value operand) {
            return isGroupValue(operand) || !dependsOnGroup(operand, group);
          });
      if (othersAvailable)
        addToGroup(op, group);
    }
  }

  /// A group without a root whose ops end in one static shape.
  std::optional<ArrayRef<int64_t>> chainShape(unsigned group) const {
    if (groups[group].hasRoot || groups[group].ops.empty())
      return std::nullopt;
    auto type = cast<ShapedType>(groups[group].anchor->getResult(0).getType());
    if (!type.hasStaticShape())
      return std::nullopt;
    return type.getShape();
  }

  /// Merges each chain into the chain that consumes its values when both end
  /// in the same shape, which is the chains' epilogue rule: the consumer's
  /// other operands must not depend on the producer chain. A value also used
  /// elsewhere (returned, say) then leaves the merged kernel as a result
  /// instead of splitting the chain in two.
  void mergeChains() {
    bool merged = true;
    while (merged) {
      merged = false;
      for (unsigned consumer = 0; consumer < groups.size() && !merged;
           ++consumer) {
        std::optional<ArrayRef<int64_t>> shape = chainShape(consumer);
        if (!shape)
          continue;
        for (Operation *op : groups[consumer].ops) {
          for (Value operand : op->getOperands()) {
            Operation *producer = producerInBlock(operand);
            if (!producer || !groupOf.contains(producer))
              continue;
            unsigned group = groupOf[producer];
            if (group == consumer || chainShape(group) != shape ||
                !canMergeInto(group, consumer))
              continue;
            mergeInto(group, consumer);
            merged = true;
            break;
          }
          if (merged)
            break;
        }
      }
    }
    // Renumber the groups left non-empty.
    SmallVector<Group> kept;
    for (Group &group : groups)
      if (!group.ops.empty())
        kept.push_back(std::move(group));
    groups = std::move(kept);
    for (auto [index, group] : llvm::enumerate(groups))
      for (Operation *op : group.ops)
        groupOf[op] = index;
  }

  /// Whether no operand of `consumer` read from elsewhere depends on
  /// `producer`, which would make the merged group wait for itself.
  bool canMergeInto(unsigned producer, unsigned consumer) const {
    for (Operation *op : groups[consumer].ops)
      for (Value operand : op->getOperands()) {
        Operation *definer = producerInBlock(operand);
        if (definer &&
            (inGroup(definer, producer) || inGroup(definer, consumer)))
          continue;
        if (dependsOnGroup(operand, producer))
          return false;
      }
    return true;
  }

  void mergeInto(unsigned producer, unsigned consumer) {
    Group &to = groups[consumer];
    for (Operation *op : groups[producer].ops) {
      to.ops.push_back(op);
      groupOf[op] = consumer;
    }
    if (position[groups[producer].anchor] > position[to.anchor])
      to.anchor = groups[producer].anchor;
    groups[producer].ops.clear();
  }

  /// Takes the elementwise producers all of whose users are in the group
  /// (so nothing is computed twice and no value leaves the group twice),
  /// except that a contraction's own operands are not recomputed per tile.
  void absorbProducers(unsigned group) {
    Operation *root = groups[group].hasRoot ? groups[group].anchor : nullptr;
    bool contraction = root && isContraction(root);
    SmallVector<Operation *> worklist;
    auto pushProducers = [&](Operation *op) {
      for (Value operand : op->getOperands())
        if (Operation *producer = producerInBlock(operand))
          worklist.push_back(producer);
    };
    for (Operation *op : groups[group].ops)
      pushProducers(op);
    // A producer rejected now is pushed again when another of its users
    // joins, so a diamond of elementwise ops ends up in one group.
    while (!worklist.empty()) {
      Operation *producer = worklist.pop_back_val();
      if (groupOf.contains(producer) || staysInCaller(producer) ||
          !isElementwise(producer))
        continue;
      bool allUsersInGroup =
          llvm::all_of(producer->getUsers(), [&](Operation *user) {
            Operation *ancestor = ancestorInBlock(user);
            return ancestor && inGroup(ancestor, group) &&
                   !(contraction && ancestor == root);
          });
      if (!allUsersInGroup)
        continue;
      addToGroup(producer, group);
      pushProducers(producer);
    }
  }

  Block &block;
  SmallVector<Operation *> ops;
  DenseMap<Operation *, unsigned> position;
  SmallVector<Group> groups;
  DenseMap<Operation *, unsigned> groupOf;
};

/// Whether every op of the kernel is elementwise and produces the same
/// shape. Such a kernel reads an argument of the result's shape at each
/// element's own index, so a result may take the buffer of a dying argument
/// of its shape and element size (MemoryPlanner.cpp); an argument that
/// broadcasts is read at many indices, and a result must never take its
/// buffer, even where the byte sizes agree (tensor<8xf64> broadcast into
/// tensor<8x8xi1>).
bool isElementwiseKernel(ArrayRef<Operation *> ops) {
  auto type = cast<ShapedType>(ops.front()->getResult(0).getType());
  return type.hasStaticShape() && llvm::all_of(ops, [&](Operation *op) {
           return isElementwise(op) &&
                  cast<ShapedType>(op->getResult(0).getType()).getShape() ==
                      type.getShape();
         });
}

struct LoomFormDispatchesPass
    : impl::LoomFormDispatchesBase<LoomFormDispatchesPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isDeclaration() && !isKernel(func))
        functions.push_back(func);
    for (func::FuncOp func : functions) {
      unsigned numKernelsInFunc = 0;
      Operation *kernelInsertionPoint = func;
      for (Block &block : func.getBody())
        outlineBlock(block, func, symbols, numKernelsInFunc,
                     kernelInsertionPoint);
    }
  }

  void outlineBlock(Block &block, func::FuncOp func, SymbolTable &symbols,
                    unsigned &numKernelsInFunc,
                    Operation *&kernelInsertionPoint) {
    BlockPartition partition(block);
    partition.formGroups();
    Operation *terminator = block.getTerminator();
    llvm::SetVector<Operation *> clonedConstants;
    for (auto [groupIndex, stayingOp] : partition.schedule()) {
      if (stayingOp) {
        stayingOp->moveBefore(terminator);
        continue;
      }
      const Group &group = partition.getGroups()[groupIndex];
      auto isOutside = [&](OpOperand &use) {
        Operation *ancestor = partition.ancestorInBlock(use.getOwner());
        return !ancestor || !partition.inGroup(ancestor, groupIndex);
      };

      // Arguments in order of first use; small constants are cloned instead.
      llvm::SetVector<Value> arguments;
      llvm::SetVector<Operation *> constants;
      for (Operation *op : group.ops)
        for (Value operand : op->getOperands()) {
          Operation *producer = operand.getDefiningOp();
          if (producer && partition.inGroup(producer, groupIndex))
            continue;
          // A data-shaped op's kernel is a micro-kernel call on buffers
          // (loom-cpu-data-shaped-to-ukernel): its operands stay arguments.
          if (producer && isClonedConstant(producer) && !isDataShaped(op))
            constants.insert(producer);
          else
            arguments.insert(operand);
        }
      SmallVector<Value> results;
      for (Operation *op : group.ops)
        for (Value result : op->getResults())
          if (llvm::any_of(result.getUses(), isOutside))
            results.push_back(result);
      clonedConstants.insert(constants.begin(), constants.end());
      // Loom ops have no side effects: a group nobody reads is dead.
      if (results.empty()) {
        for (Operation *op : llvm::reverse(group.ops))
          op->erase();
        continue;
      }

      // Built detached, then inserted after the previous kernel so that the
      // kernels follow their caller in call order.
      OpBuilder builder(func.getContext());
      Location loc = group.anchor->getLoc();
      auto kernel = func::FuncOp::create(
          builder, loc,
          (func.getSymName() + "_kernel_" + Twine(numKernelsInFunc++)).str(),
          builder.getFunctionType(TypeRange(arguments.getArrayRef()),
                                  TypeRange(ValueRange(results))));
      kernel.setPrivate();
      LoomDialect::KernelAttrHelper(func.getContext())
          .setAttr(kernel, KernelAttr::get(func.getContext(),
                                           isElementwiseKernel(group.ops)
                                               ? KernelKind::elementwise
                                               : KernelKind::generic));
      symbols.insert(kernel, std::next(kernelInsertionPoint->getIterator()));
      kernelInsertionPoint = kernel;

      Block *body = kernel.addEntryBlock();
      builder.setInsertionPointToStart(body);
      IRMapping mapping;
      mapping.map(arguments.getArrayRef(), body->getArguments());
      for (Operation *constant : constants)
        builder.clone(*constant, mapping);
      for (Operation *op : group.ops)
        builder.clone(*op, mapping);
      SmallVector<Value> returned = llvm::map_to_vector(
          results, [&](Value result) { return mapping.lookup(result); });
      func::ReturnOp::create(builder, loc, returned);

      builder.setInsertionPoint(terminator);
      auto call =
          func::CallOp::create(builder, loc, kernel, arguments.getArrayRef());
      for (auto [result, replacement] : llvm::zip(results, call.getResults()))
        result.replaceUsesWithIf(replacement, isOutside);
      for (Operation *op : llvm::reverse(group.ops))
        op->erase();
      LLVM_DEBUG(llvm::dbgs() << "outlined " << group.ops.size()
                              << " ops into @" << kernel.getSymName() << "\n");
    }
    // A constant cloned into every kernel that read it is dead in the caller.
    for (Operation *constant : clonedConstants)
      if (constant->use_empty())
        constant->erase();
  }
};

} // namespace
} // namespace loom
