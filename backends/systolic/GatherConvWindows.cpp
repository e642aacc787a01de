//===- GatherConvWindows.cpp - Other convolutions as gathered windows -----===//
//
// Part of the Loom project.
//
// loom-systolic-gather-conv-windows (Passes.td): the conv kernels of the
// chip (codegen/Conv.cpp) take 1-D and 2-D convolutions. A 3-D (or higher)
// `loom.conv` and a `loom.conv_transpose` become a 1x1 1-D conv over the
// windows gathered as channels (an im2col), whose fold order is the
// evaluator's Bf16Matmul order of the original op:
//
//  * conv: the window's taps j in row-major order, then the group's input
//    channels: column (g, j, c) of the gathered matrix, so that channels
//    are summed innermost, as the evaluator does for a conv (window, then
//    channels);
//  * conv_transpose: the evaluator sums each result element's
//    contributions in (c, i) order (input channel, then input position in
//    row-major order). For a result position p and window element j, at
//    most one input position i lands there, and i grows as j falls in
//    every dimension: column (c, k) reads window element T - 1 - k.
//
// Window elements that fall in the padding (or, for conv_transpose, on no
// input position) read one zero appended to the input: a product 0 * w
// leaves an f32 sum that starts at +0 unchanged, so the module's meaning
// under Bf16Matmul is the same bit for bit. (A conv's evaluator reads 0 in
// the padding too; a conv_transpose's multiplies nothing there, so its
// filter must be a constant with finite elements, since 0 * inf is NaN.)
// The filter is repacked at compile time, or, a conv's given at run time,
// by a transpose kernel. The gather, its zero pad, the
// conv's channel transpose and the 1x1 conv each become a kernel of their
// own, called before the original kernel, which keeps the rest (an
// epilogue) with the conv's result as an argument; a kernel that held only
// the contraction goes.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Passes.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

#include <cmath>

namespace loom::systolic {
#define GEN_PASS_DEF_LOOMSYSTOLICGATHERCONVWINDOWS
#include "backends/systolic/Passes.h.inc"
} // namespace loom::systolic

using namespace mlir;

namespace loom::systolic {
namespace {

int64_t product(ArrayRef<int64_t> values) {
  int64_t result = 1;
  for (int64_t v : values)
    result *= v;
  return result;
}

/// `flat` (a row-major index over `shape`) as per-dimension indices.
SmallVector<int64_t> unflatten(int64_t flat, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> index(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return index;
}

/// What the rewrite needs of the contraction.
struct Contraction {
  Operation *op;
  bool transposed;
  unsigned input, filter; // argument numbers in the kernel
  DenseElementsAttr weights; // null: the filter is computed at run time
};

/// The kernel's one conv (rank >= 5) or conv_transpose on f32 whose input
/// and filter are arguments of the kernel (the filter read by nothing
/// else; a conv_transpose's a finite constant at `call`), or none.
std::optional<Contraction> contractionOf(func::FuncOp kernel,
                                         func::CallOp call) {
  SmallVector<Operation *> found;
  kernel.walk([&](Operation *op) {
    if (isa<ConvOp, ConvTransposeOp, MatmulOp>(op))
      found.push_back(op);
  });
  if (found.size() != 1 || isa<MatmulOp>(found.front()))
    return std::nullopt;
  Operation *op = found.front();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  bool transposed = isa<ConvTransposeOp>(op);
  if (!type.hasStaticShape() || !type.getElementType().isF32() ||
      (!transposed && type.getRank() < 5))
    return std::nullopt;
  auto input = dyn_cast<BlockArgument>(op->getOperand(0));
  auto filter = dyn_cast<BlockArgument>(op->getOperand(1));
  if (!input || !filter || input.getOwner() != &kernel.front() ||
      filter.getOwner() != &kernel.front() || !filter.hasOneUse() ||
      input == filter)
    return std::nullopt;
  auto constant =
      call.getOperand(filter.getArgNumber()).getDefiningOp<ConstantOp>();
  auto weights =
      constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
  // A conv_transpose's evaluator multiplies only where an input lands; the
  // gathered zeros elsewhere multiply the filter too, which leaves the sum
  // unchanged only for finite weights: a filter known at compile time and
  // finite.
  if (transposed &&
      (!weights || llvm::any_of(weights.getValues<float>(), [](float v) {
         return !std::isfinite(v);
       })))
    return std::nullopt;
  return Contraction{op, transposed, input.getArgNumber(),
                     filter.getArgNumber(), weights};
}

struct LoomSystolicGatherConvWindowsPass
    : impl::LoomSystolicGatherConvWindowsBase<
          LoomSystolicGatherConvWindowsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection tables;
    SymbolUserMap users(tables, module);
    SymbolTable &symbols = tables.getSymbolTable(module);
    SmallVector<std::pair<func::FuncOp, func::CallOp>> work;
    for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
      if (!isKernel(kernel) || kernel.isExternal())
        continue;
      ArrayRef<Operation *> calls = users.getUsers(kernel);
      if (calls.size() != 1)
        continue;
      if (auto call = dyn_cast<func::CallOp>(calls.front()))
        work.push_back({kernel, call});
    }
    for (auto [kernel, call] : work)
      if (std::optional<Contraction> c = contractionOf(kernel, call))
        rewrite(kernel, call, *c, symbols);
  }

  /// Moves `op` (in the caller) into a kernel of its own named after
  /// `kernel`, placed before it, and calls it in its place.
  Value outline(Operation *op, func::FuncOp kernel, StringRef suffix,
                SymbolTable &symbols) {
    MLIRContext *context = op->getContext();
    OpBuilder builder(context);
    std::string name;
    for (int n = 0; name.empty() || symbols.lookup(name); ++n)
      name = (kernel.getSymName() + "_" + suffix + "_" + Twine(n)).str();
    auto outlined = func::FuncOp::create(
        builder, op->getLoc(), name,
        builder.getFunctionType(op->getOperandTypes(), op->getResultTypes()));
    outlined.setPrivate();
    LoomDialect::KernelAttrHelper(context).setAttr(
        outlined, KernelAttr::get(context, KernelKind::generic));
    symbols.insert(outlined, kernel->getIterator());
    Block *body = outlined.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    mapping.map(op->getOperands(), body->getArguments());
    Operation *inner = builder.clone(*op, mapping);
    func::ReturnOp::create(builder, op->getLoc(), inner->getResults());
    builder.setInsertionPoint(op);
    auto call = func::CallOp::create(builder, op->getLoc(), outlined,
                                     op->getOperands());
    op->replaceAllUsesWith(call.getResults());
    op->erase();
    return call.getResult(0);
  }

  void rewrite(func::FuncOp kernel, func::CallOp call, const Contraction &c,
               SymbolTable &symbols) {
    Operation *op = c.op;
    Location loc = op->getLoc();
    auto xType = cast<RankedTensorType>(op->getOperand(0).getType());
    auto wType = cast<RankedTensorType>(op->getOperand(1).getType());
    auto yType = cast<RankedTensorType>(op->getResult(0).getType());
    ArrayRef<int64_t> inSpace = xType.getShape().drop_front(2);
    ArrayRef<int64_t> outSpace = yType.getShape().drop_front(2);
    ArrayRef<int64_t> window = wType.getShape().drop_front(2);
    int64_t n = xType.getDimSize(0), channels = xType.getDimSize(1);
    int64_t outChannels = yType.getDimSize(1);
    int64_t s = product(inSpace), p = product(outSpace), t = product(window);
    ArrayRef<int64_t> strides, dilations, padLow;
    int64_t groups;
    if (auto conv = dyn_cast<ConvOp>(op)) {
      strides = conv.getStrides(), dilations = conv.getDilations();
      padLow = conv.getPadLow(), groups = conv.getGroups();
    } else {
      auto transpose = cast<ConvTransposeOp>(op);
      strides = transpose.getStrides(), dilations = transpose.getDilations();
      padLow = transpose.getPadLow(), groups = transpose.getGroups();
    }
    int64_t cg = channels / groups, og = outChannels / groups;

    // indices[k][q]: the input position column k reads for output q, or s
    // (the appended zero).
    std::vector<int64_t> indices(t * p, s);
    for (int64_t k = 0; k < t; ++k) {
      SmallVector<int64_t> j = unflatten(c.transposed ? t - 1 - k : k, window);
      for (int64_t q = 0; q < p; ++q) {
        SmallVector<int64_t> out = unflatten(q, outSpace);
        int64_t flat = 0;
        bool inside = true;
        for (size_t d = 0; inside && d < j.size(); ++d) {
          int64_t at;
          if (c.transposed) {
            int64_t scaled = out[d] + padLow[d] - j[d] * dilations[d];
            inside = scaled >= 0 && scaled % strides[d] == 0;
            at = inside ? scaled / strides[d] : 0;
          } else {
            at = out[d] * strides[d] - padLow[d] + j[d] * dilations[d];
          }
          inside = inside && at >= 0 && at < inSpace[d];
          flat = flat * inSpace[d] + at;
        }
        if (inside)
          indices[k * p + q] = flat;
      }
    }
    OpBuilder b(call);
    Type f32 = b.getF32Type();
    auto reshape = [&](Value value, ArrayRef<int64_t> shape) -> Value {
      if (cast<RankedTensorType>(value.getType()).getShape() == shape)
        return value;
      return ReshapeOp::create(b, loc, RankedTensorType::get(shape, f32),
                               value);
    };
    Value x = reshape(call.getOperand(c.input), {n, channels, s});
    auto zero = PadOp::create(b, loc, x, ArrayRef<int64_t>{0, 0, 0},
                              ArrayRef<int64_t>{0, 0, 1}, PadMode::constant,
                              APFloat(0.0));
    auto indexType = RankedTensorType::get({t, p}, b.getI64Type());
    auto indexConstant = ConstantOp::create(
        b, loc,
        cast<ElementsAttr>(DenseElementsAttr::get(
            indexType, ArrayRef<int64_t>(indices))));
    auto gather =
        GatherOp::create(b, loc, zero.getResult(), indexConstant.getResult(), 2);
    Value columns = gather.getResult();
    TransposeOp order;
    if (!c.transposed) {
      // [N, G, Cg, T, P] to [N, G, T, Cg, P]: channels innermost.
      order = TransposeOp::create(b, loc,
                                  reshape(columns, {n, groups, cg, t, p}),
                                  ArrayRef<int64_t>{0, 1, 3, 2, 4});
      columns = order.getResult();
    }
    columns = reshape(columns, {n, channels * t, p});

    // The 1x1 filter [O, columns of a group, 1] in the columns' order:
    // conv: w[o][cl][k] at column k cg + cl; conv_transpose:
    // w[g cg + cl][o % og][t - 1 - k] at column cl t + k.
    SmallVector<int64_t, 3> filterShape = {outChannels, cg * t, 1};
    Value filter;
    TransposeOp repack;
    if (c.weights) {
      SmallVector<float> source(c.weights.getValues<float>());
      std::vector<float> packed(outChannels * cg * t);
      for (int64_t o = 0; o < outChannels; ++o)
        for (int64_t cl = 0; cl < cg; ++cl)
          for (int64_t k = 0; k < t; ++k) {
            int64_t column = c.transposed ? cl * t + k : k * cg + cl;
            int64_t from =
                c.transposed
                    ? ((o / og * cg + cl) * og + o % og) * t + (t - 1 - k)
                    : (o * cg + cl) * t + k;
            packed[o * cg * t + column] = source[from];
          }
      filter = ConstantOp::create(
          b, loc,
          cast<ElementsAttr>(DenseElementsAttr::get(
              RankedTensorType::get(filterShape, f32),
              ArrayRef<float>(packed))));
    } else {
      // A conv's filter computed at run time: [O, Cg, T] to [O, T, Cg].
      Value w = reshape(call.getOperand(c.filter), {outChannels, cg, t});
      repack = TransposeOp::create(b, loc, w, ArrayRef<int64_t>{0, 2, 1});
      filter = reshape(repack.getResult(), filterShape);
    }
    auto conv = ConvOp::create(b, loc, columns, filter,
                               ArrayRef<int64_t>{1}, ArrayRef<int64_t>{1},
                               ArrayRef<int64_t>{0}, ArrayRef<int64_t>{0},
                               groups);

    // Each new op a kernel of its own, before the original one (kernels
    // stay in call order).
    outline(zero, kernel, "pad", symbols);
    outline(gather, kernel, "gather", symbols);
    if (order)
      outline(order, kernel, "transpose", symbols);
    if (repack)
      outline(repack, kernel, "filter", symbols);
    Value result =
        reshape(outline(conv, kernel, "conv", symbols), yType.getShape());

    // The kernel keeps what follows the contraction, reading its result
    // as a new argument; arguments left unread go.
    Block &body = kernel.front();
    unsigned position = kernel.getNumArguments();
    (void)kernel.insertArgument(position, yType, DictionaryAttr(), loc);
    BlockArgument computed = body.getArgument(position);
    op->getResult(0).replaceAllUsesWith(computed);
    op->erase();
    Operation *filterConstant =
        call.getOperand(c.filter).getDefiningOp<ConstantOp>();
    SmallVector<Value> operands(call.getOperands());
    operands.push_back(result);
    llvm::BitVector unused(body.getNumArguments());
    for (BlockArgument argument : body.getArguments())
      if (argument.use_empty())
        unused.set(argument.getArgNumber());
    SmallVector<Value> kept;
    for (auto [i, value] : llvm::enumerate(operands))
      if (!unused.test(i))
        kept.push_back(value);
    (void)kernel.eraseArguments(unused);
    Operation *terminator = body.getTerminator();
    bool forwards = &body.front() == terminator &&
                    llvm::all_of(terminator->getOperands(),
                                 [&](Value v) { return v == computed; });
    if (forwards) {
      // It held only the contraction.
      for (Value v : call.getResults())
        v.replaceAllUsesWith(result);
      call.erase();
      kernel.erase();
    } else {
      auto replacement = func::CallOp::create(b, call.getLoc(), kernel, kept);
      call.replaceAllUsesWith(replacement.getResults());
      call.erase();
    }
    if (filterConstant && filterConstant->use_empty())
      filterConstant->erase();
  }
};

} // namespace
} // namespace loom::systolic
