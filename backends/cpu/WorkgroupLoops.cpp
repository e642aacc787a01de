//===- WorkgroupLoops.cpp - A workgroup's share of the tiles --------------===//
//
// Part of the Loom project.
//
// loom-cpu-workgroup-loops: after bufferization the workgroup forall of
// loom-cpu-distribute-workgroups has no results, and its iterations are
// independent. A workgroup runs the tiles id, id + count, ... of its
// linearized iteration space, so a launch may use fewer workgroups than
// there are tiles (or more: the extra ones do nothing).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "ir/LoomDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUWORKGROUPLOOPS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// Replaces `forall` by the strided loop over its linearized tiles.
LogicalResult lowerWorkgroupForall(scf::ForallOp forall, Value workgroupId,
                                   Value workgroupCount) {
  if (forall.getNumResults() != 0)
    return forall.emitOpError("must be bufferized before it is distributed");
  std::optional<SmallVector<int64_t>> lowers =
      getConstantIntValues(forall.getMixedLowerBound());
  std::optional<SmallVector<int64_t>> uppers =
      getConstantIntValues(forall.getMixedUpperBound());
  std::optional<SmallVector<int64_t>> steps =
      getConstantIntValues(forall.getMixedStep());
  if (!lowers || !uppers || !steps)
    return forall.emitOpError("workgroup loops need static bounds");

  SmallVector<int64_t> tripCounts;
  int64_t tiles = 1;
  for (auto [lower, upper, step] : llvm::zip(*lowers, *uppers, *steps)) {
    tripCounts.push_back(llvm::divideCeil(upper - lower, step));
    tiles *= tripCounts.back();
  }

  IRRewriter rewriter(forall.getContext());
  rewriter.setInsertionPoint(forall);
  Location loc = forall.getLoc();
  Value tileCount = arith::ConstantIndexOp::create(rewriter, loc, tiles);
  auto loop = scf::ForOp::create(rewriter, loc, workgroupId, tileCount,
                                 workgroupCount);
  rewriter.setInsertionPointToStart(loop.getBody());

  // Row-major delinearization: the last forall dimension varies fastest.
  SmallVector<Value> inductionValues(tripCounts.size());
  Value linear = loop.getInductionVar();
  for (int64_t dim = tripCounts.size() - 1; dim >= 0; --dim) {
    Value index = linear;
    if (dim > 0) {
      Value trips =
          arith::ConstantIndexOp::create(rewriter, loc, tripCounts[dim]);
      index = arith::RemUIOp::create(rewriter, loc, linear, trips);
      linear = arith::DivUIOp::create(rewriter, loc, linear, trips);
    }
    Value step = arith::ConstantIndexOp::create(rewriter, loc, (*steps)[dim]);
    Value scaled = arith::MulIOp::create(rewriter, loc, index, step);
    inductionValues[dim] = scaled;
    if ((*lowers)[dim] != 0) {
      Value lower =
          arith::ConstantIndexOp::create(rewriter, loc, (*lowers)[dim]);
      inductionValues[dim] =
          arith::AddIOp::create(rewriter, loc, lower, scaled);
    }
  }

  // The body's terminator (scf.forall.in_parallel, empty once bufferized)
  // goes; scf.for's yield stays.
  Block *body = forall.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(body, loop.getBody()->getTerminator(),
                             inductionValues);
  rewriter.eraseOp(forall);
  return success();
}

struct LoomCpuWorkgroupLoopsPass
    : impl::LoomCpuWorkgroupLoopsBase<LoomCpuWorkgroupLoopsPass> {
  void runOnOperation() override {
    func::FuncOp kernel = getOperation();
    if (!isKernel(kernel) || kernel.isExternal())
      return;
    MLIRContext *context = &getContext();
    Builder builder(context);

    SmallVector<Attribute> bufferTypes;
    for (Type type : kernel.getArgumentTypes()) {
      auto memref = dyn_cast<MemRefType>(type);
      if (!memref || !memref.hasStaticShape() ||
          !memref.getLayout().isIdentity()) {
        kernel.emitError("kernel arguments must be statically shaped memrefs "
                         "with the identity layout, not ")
            << type;
        return signalPassFailure();
      }
      bufferTypes.push_back(TypeAttr::get(type));
    }
    LoomDialect::KernelBuffersAttrHelper(context).setAttr(
        kernel, builder.getArrayAttr(bufferTypes));

    Location loc = kernel.getLoc();
    unsigned next = kernel.getNumArguments();
    if (failed(kernel.insertArguments({next, next},
                                      {builder.getIndexType(),
                                       builder.getIndexType()},
                                      {}, {loc, loc})))
      return signalPassFailure();
    Value workgroupId = kernel.getArgument(next);
    Value workgroupCount = kernel.getArgument(next + 1);

    SmallVector<scf::ForallOp> foralls;
    kernel.walk([&](scf::ForallOp forall) { foralls.push_back(forall); });
    if (foralls.size() > 1) {
      kernel.emitError("a kernel has at most one workgroup forall");
      return signalPassFailure();
    }
    if (foralls.empty()) {
      runOnFirstWorkgroupOnly(kernel, workgroupId);
      return;
    }
    // Every workgroup runs what is outside the forall: a write to memory
    // there (the copy of a result that bufferization could not compute in
    // place) would be computed by all of them, each from its own share of
    // the tiles, and race with the others. Distribution leaves only views
    // and constants outside; should anything else remain, workgroup 0 runs
    // every tile and then the rest, and the other workgroups do nothing.
    bool writesOutsideTiles =
        llvm::any_of(kernel.getBody().front(), [&](Operation &op) {
          return &op != foralls.front().getOperation() &&
                 isa<linalg::LinalgOp, memref::CopyOp, memref::StoreOp>(op);
        });
    if (writesOutsideTiles) {
      OpBuilder builder = OpBuilder::atBlockBegin(&kernel.getBody().front());
      Value first = arith::ConstantIndexOp::create(builder, loc, 0);
      Value one = arith::ConstantIndexOp::create(builder, loc, 1);
      if (failed(lowerWorkgroupForall(foralls.front(), first, one)))
        return signalPassFailure();
      runOnFirstWorkgroupOnly(kernel, workgroupId);
      return;
    }
    if (failed(lowerWorkgroupForall(foralls.front(), workgroupId,
                                    workgroupCount)))
      return signalPassFailure();
  }

  /// A kernel that is not distributed is one tile: workgroup 0 runs it.
  void runOnFirstWorkgroupOnly(func::FuncOp kernel, Value workgroupId) {
    Block &body = kernel.getBody().front();
    OpBuilder builder = OpBuilder::atBlockBegin(&body);
    Location loc = kernel.getLoc();
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    Value isFirst = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq, workgroupId, zero);
    auto ifOp = scf::IfOp::create(builder, loc, isFirst,
                                  /*withElseRegion=*/false);
    Block *thenBlock = ifOp.thenBlock();
    thenBlock->getOperations().splice(
        thenBlock->begin(), body.getOperations(),
        std::next(Block::iterator(ifOp)), body.getTerminator()->getIterator());
  }
};

} // namespace
} // namespace loom::cpu
