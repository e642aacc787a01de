//===- ConvTranspose.cpp - Transposed convolutions on the vector unit -----===//
//
// Part of the Loom project.
//
// A kernel with one 1-D, 2-D or 3-D f32 `loom.conv_transpose` whose input
// and filter are kernel arguments, and elementwise ops after it (a bias).
// loom-systolic-gather-conv-windows runs a conv_transpose with a finite
// constant filter on the MXUs as a conv over gathered windows, whose
// gathered zeros multiply the filter; with a filter given at run time that
// is not exact (0 * inf is NaN where the evaluator multiplies nothing), so
// such a conv_transpose is computed here the evaluator's way, as a
// scatter (evaluator/NNKernels.cpp, convTranspose): every input element
// adds x * w into the result, each result element summing its
// contributions from +0 in (c, i) order (input channel, then input
// position in row-major order), x and w rounded to bf16 under Bf16Matmul.
//
// For one result position p and one window element k at most one input
// position lands on p, and that position grows as k falls in every
// dimension; so folding, per output channel, the group's channels in order
// and within each channel the window elements from last to first, each
// as one pass over the whole input, adds every element's contributions in
// exactly the evaluator's order. A pass is a tile of `sublanes` input rows
// by `lanes` input columns: bf16(x) * bf16(w[c][o][k]) (w broadcast from
// VMEM), added into an accumulator volume in VMEM at the positions the
// tile lands on (a strided load and store: sublane and lane strides are
// the conv_transpose's strides). The accumulator spans every position a
// contribution reaches, and the result's pads (positions cropped, or the
// output padding that nothing reaches) are an offset into it; it starts
// at +0, which adding a product never leaves at -0. The result is read out
// of it a tile at a time through the elementwise ops after the
// conv_transpose and DMAed to HBM.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/VectorTiles.h"

#include "ir/LoomOps.h"

#include <algorithm>
#include <string>

namespace loom::systolic::codegen {

using namespace mlir;

namespace {

/// The kernel's one conv_transpose, when every other op is elementwise.
ConvTransposeOp findConvTranspose(func::FuncOp kernel) {
  ConvTransposeOp found;
  for (Operation &op : kernel.front().without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    if (auto convTranspose = dyn_cast<ConvTransposeOp>(op)) {
      if (found)
        return nullptr;
      found = convTranspose;
      continue;
    }
    if (!isVectorElementwiseOp(&op) && !op.hasTrait<OpTrait::Elementwise>())
      return nullptr;
  }
  return found;
}

bool matchesConvTranspose(func::FuncOp kernel) {
  return kernel.getNumResults() == 1 && findConvTranspose(kernel);
}

/// `values` (spatial entries from `first`) with `value` filling the
/// missing leading spatial dimensions of a rank-`rank` tensor, as a 3-D
/// one: a 1-D or 2-D conv_transpose is a 3-D one over volumes of one plane
/// of one row, in the same order.
SmallVector<int64_t> volumetric(ArrayRef<int64_t> values, int64_t rank,
                                int64_t value, size_t first) {
  SmallVector<int64_t> result(values);
  result.insert(result.begin() + first, 5 - rank, value);
  return result;
}

LogicalResult generateConvTranspose(KernelEnv &env) {
  ConvTransposeOp op = findConvTranspose(env.kernel);
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto outputType = cast<RankedTensorType>(op.getResult().getType());
  int64_t rank = inputType.getRank();
  if (rank < 3 || rank > 5 || !inputType.hasStaticShape() ||
      !filterType.hasStaticShape() || !outputType.hasStaticShape() ||
      !inputType.getElementType().isF32())
    return env.error(op, "is not a static f32 1-D, 2-D or 3-D one; the "
                         "vector unit computes those");
  auto input = dyn_cast<BlockArgument>(op.getInput());
  auto filter = dyn_cast<BlockArgument>(op.getFilter());
  if (!input || !filter)
    return env.error(op, "reads a value computed in the kernel; the vector "
                         "unit reads its input and filter from arguments");
  Operation *terminator = env.kernel.front().getTerminator();
  Value result = terminator->getOperand(0);
  if (cast<RankedTensorType>(result.getType()).getShape() !=
          outputType.getShape() ||
      !cast<RankedTensorType>(result.getType()).getElementType().isF32())
    return env.error(op, "is followed by ops that change its shape or type; "
                         "the ops after it must keep its f32 shape");
  FailureOr<ElementwiseOps> chain =
      ElementwiseOps::analyze(env, op.getResult(), result);
  if (failed(chain) || failed(chain->hoistConstants(env)))
    return failure();
  const int64_t S = env.chip.vector.sublanes, L = env.chip.vector.lanes;

  SmallVector<int64_t> in = volumetric(inputType.getShape(), rank, 1, 2);
  SmallVector<int64_t> out = volumetric(outputType.getShape(), rank, 1, 2);
  SmallVector<int64_t> window =
      volumetric(filterType.getShape().drop_front(2), rank, 1, 0);
  SmallVector<int64_t> strides = volumetric(op.getStrides(), rank, 1, 0);
  SmallVector<int64_t> dilations = volumetric(op.getDilations(), rank, 1, 0);
  SmallVector<int64_t> low = volumetric(op.getPadLow(), rank, 0, 0);
  int64_t N = in[0], C = in[1], D = in[2], H = in[3], W = in[4];
  int64_t O = out[1], OD = out[2], OH = out[3], OW = out[4];
  int64_t groups = op.getGroups(), perGroup = filterType.getDimSize(1);
  int64_t groupChannels = C / groups;
  int64_t taps = window[0] * window[1] * window[2];
  if (llvm::any_of(low, [](int64_t v) { return v < 0; }))
    return env.error(op, "has a negative pad; the vector unit crops only");
  // The accumulator: every position a contribution reaches (input
  // position i, window element k: i * stride + k * dilation) and every
  // result position (p + pad_low).
  SmallVector<int64_t> extent(3);
  for (int d = 0; d < 3; ++d)
    extent[d] = std::max((in[2 + d] - 1) * strides[d] +
                             (window[d] - 1) * dilations[d] + 1,
                         low[d] + out[2 + d]);
  int64_t AH = extent[1], AW = extent[2];
  int64_t volume = extent[0] * AH * AW;
  int64_t tile = S * L;
  int64_t accFloats = (N * O * volume + tile - 1) / tile * tile;

  struct Operand {
    unsigned argument;
    ElementType element;
    SmallVector<int64_t> strides; // elements per N, O, OD, OH, OW position
    int reg = -1;
  };
  // The chain's inputs, then the result.
  SmallVector<Operand> operands;
  for (const ChainInput &chainInput : chain->inputs()) {
    std::optional<ElementType> element =
        vmemElementType(chainInput.type.getElementType());
    if (!element)
      return env.error(op, "is followed by an op reading an argument of a "
                           "type the vector unit does not load");
    operands.push_back({chainInput.argument, *element,
                        volumetric(chainInput.strides, rank, 0, 2)});
  }
  unsigned resultArgument = env.kernel.getNumArguments();
  operands.push_back(
      {resultArgument, ElementType::F32, broadcastStrides(out, out)});

  auto rounded = [](int64_t bytes) { return (bytes + 63) / 64 * 64; };
  int64_t inputBytes = vmemTensorBytes(inputType);
  int64_t filterBytes = vmemTensorBytes(filterType);
  int64_t needed = accFloats * 4 + rounded(inputBytes) + rounded(filterBytes);
  for (const Operand &operand : operands)
    needed += rounded(vmemTensorBytes(env.argumentType(operand.argument)));
  if (needed > env.vmem.available())
    return env.error(op, "needs " + Twine(needed) +
                             " bytes of VMEM for its accumulator and "
                             "operands; the chip has " +
                             Twine(env.vmem.available()));
  int acc = env.regs.scalar(), x = env.regs.scalar(), w = env.regs.scalar();
  int address = env.regs.scalar(), source = env.regs.scalar();
  int flag = env.regs.flag();
  if (acc < 0 || x < 0 || w < 0 || address < 0 || source < 0 || flag < 0)
    return env.error(op, "runs out of scalar registers or flags");
  env.b.li(acc, env.vmem.allocate(accFloats * 4));
  env.b.li(x, env.vmem.allocate(inputBytes));
  env.b.li(w, env.vmem.allocate(filterBytes));
  for (Operand &operand : operands) {
    operand.reg = env.regs.scalar();
    if (operand.reg < 0)
      return env.error(op, "runs out of scalar registers");
    env.b.li(operand.reg, env.vmem.allocate(vmemTensorBytes(
                              env.argumentType(operand.argument))));
  }

  // Every operand in VMEM while the accumulator is zeroed.
  int64_t loads = emitDmaCopy(env, DmaFunc::Load, x,
                              KernelEnv::argumentRegister(input.getArgNumber()),
                              flag, inputBytes);
  loads += emitDmaCopy(env, DmaFunc::Load, w,
                       KernelEnv::argumentRegister(filter.getArgNumber()), flag,
                       filterBytes);
  for (size_t i = 0; i + 1 < operands.size(); ++i)
    loads +=
        emitDmaCopy(env, DmaFunc::Load, operands[i].reg,
                    KernelEnv::argumentRegister(operands[i].argument), flag,
                    vmemTensorBytes(env.argumentType(operands[i].argument)));
  int zero = splatRegister(env, 0.0f);
  if (zero < 0)
    return failure();
  env.b.comment("conv_transpose: +0 accumulators");
  env.b.addi(address, acc, 0);
  if (failed(emitTileLoops(env, {TileLevel{accFloats / tile, 1}},
                           {TilePointer{address, {tile * 4}}},
                           [&](ArrayRef<int64_t>) {
                             env.b.vst(zero, address, L * 4, S, L);
                             return success();
                           })))
    return failure();
  env.regs.releaseVector(zero);
  env.b.wait(flag, loads);

  // Per batch, group, output channel of the group and input channel of
  // the group (in order), the window from its last element to its first,
  // each a pass over the input volume.
  int64_t inVolume = D * H * W;
  LogicalResult scattered = emitTileLoops(
      env, {{N, 1}, {groups, 1}, {perGroup, 1}, {groupChannels, 1}},
      {TilePointer{
           x,
           {C * inVolume * 4, groupChannels * inVolume * 4, 0, inVolume * 4}},
       TilePointer{w,
                   {0, groupChannels * perGroup * taps * 4, taps * 4,
                    perGroup * taps * 4}},
       TilePointer{acc,
                   {O * volume * 4, perGroup * volume * 4, volume * 4, 0}}},
      [&](ArrayRef<int64_t>) -> LogicalResult {
        for (int64_t k = taps - 1; k >= 0; --k) {
          int64_t kd = k / (window[1] * window[2]);
          int64_t kh = k / window[2] % window[1], kw = k % window[2];
          env.b.comment("conv_transpose window element " + std::to_string(k));
          env.b.addi(source, w, k * 4);
          int weight = loadTile(env, source, ElementType::F32, 0, 0, S, L);
          if (weight < 0)
            return failure();
          env.b.valu(VectorFunc::RoundBf16, weight, weight);
          env.b.addi(source, x, 0);
          env.b.addi(address, acc,
                     ((kd * dilations[0] * AH + kh * dilations[1]) * AW +
                      kw * dilations[2]) *
                         4);
          LogicalResult pass = emitTileLoops(
              env, {{D, 1}, {H, S}, {W, L}},
              {TilePointer{source, {H * W * 4, W * 4, 4}},
               TilePointer{address,
                           {strides[0] * AH * AW * 4, strides[1] * AW * 4,
                            strides[2] * 4}}},
              [&](ArrayRef<int64_t> blocks) -> LogicalResult {
                int64_t sublanes = blocks[1], lanes = blocks[2];
                int value = loadTile(env, source, ElementType::F32, W, 1,
                                     sublanes, lanes);
                int sum = value < 0 ? -1
                                    : loadTile(env, address, ElementType::F32,
                                               strides[1] * AW, strides[2],
                                               sublanes, lanes);
                if (sum < 0)
                  return failure();
                env.b.valu(VectorFunc::RoundBf16, value, value);
                env.b.valu(VectorFunc::Mul, value, value, weight);
                env.b.valu(VectorFunc::Add, sum, sum, value);
                if (strides[2] == 1)
                  env.b.vst(sum, address, strides[1] * AW * 4, sublanes, lanes);
                else
                  env.b.vstStrided(sum, address, strides[1] * AW * 4, sublanes,
                                   lanes, strides[2]);
                env.regs.releaseVector(value);
                env.regs.releaseVector(sum);
                return success();
              });
          env.regs.releaseVector(weight);
          if (failed(pass))
            return failure();
        }
        return success();
      });
  if (failed(scattered))
    return failure();

  // The result: the accumulator inside the pads, through the elementwise
  // ops after the conv_transpose.
  SmallVector<TilePointer> pointers;
  env.b.addi(address, acc, ((low[0] * AH + low[1]) * AW + low[2]) * 4);
  pointers.push_back(
      {address, {O * volume * 4, volume * 4, AH * AW * 4, AW * 4, 4}});
  for (const Operand &operand : operands) {
    TilePointer pointer{operand.reg, {}};
    for (int64_t stride : operand.strides)
      pointer.strides.push_back(stride * elementBytes(operand.element));
    pointers.push_back(pointer);
  }
  LogicalResult generated = emitTileLoops(
      env, {{N, 1}, {O, 1}, {OD, 1}, {OH, S}, {OW, L}}, pointers,
      [&](ArrayRef<int64_t> blocks) -> LogicalResult {
        int64_t sublanes = blocks[3], lanes = blocks[4];
        int sum =
            loadTile(env, address, ElementType::F32, AW, 1, sublanes, lanes);
        if (sum < 0)
          return failure();
        SmallVector<TileInput> inputs;
        for (size_t i = 0; i + 1 < operands.size(); ++i)
          inputs.push_back({operands[i].reg, operands[i].element,
                            operands[i].strides[3], operands[i].strides[4]});
        return storeChainTile(env, *chain, sum, inputs, operands.back().reg,
                              OW * 4, sublanes, lanes);
      });
  if (failed(generated))
    return failure();
  int64_t stores = emitDmaCopy(env, DmaFunc::Store, operands.back().reg,
                               KernelEnv::argumentRegister(resultArgument),
                               flag, vmemTensorBytes(outputType));
  env.b.wait(flag, stores);
  chain->releaseConstants(env);
  env.regs.releaseFlag(flag);
  for (int reg : {acc, x, w, address, source})
    env.regs.release(reg);
  for (Operand &operand : operands)
    env.regs.release(operand.reg);
  return success();
}

} // namespace

void addConvTransposePatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back(
      {"conv_transpose", matchesConvTranspose, generateConvTranspose});
}

} // namespace loom::systolic::codegen
