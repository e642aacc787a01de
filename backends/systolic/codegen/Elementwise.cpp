//===- Elementwise.cpp - Elementwise ops on the vector unit ---------------===//
//
// Part of the Loom project.
//
// ElementwiseChain turns the elementwise ops of a kernel into vector
// instructions, one register tile at a time. Each op becomes the
// instructions that compute the evaluator's f32 formula
// (evaluator/ElementwiseKernels.cpp) bit for bit, NaN and signed zeros
// included:
//
//   relu x          x <= 0 ? +0 : x            (v.relu; NaN stays)
//   clamp x lo hi   x < lo ? lo : x, then > hi (v.cmplt, v.sel each)
//   max / min       v.max / v.min (runtime/MinMax.h: NaN wins, +0 above -0)
//   sigmoid x       1 / (1 + exp(-x))          (v.neg, v.exp, v.add, v.div)
//   gelu x          0.5 * x * (1 + erf(x * 0.70710678)) or the tanh form
//   compare         v.cmplt / v.cmple / v.cmpeq, ne as not-equal
//   select, and/or/xor/not on i1 held as 0.0 / 1.0, casts to f32 and i1
//   (and, as a kernel's result, casts of f32 to ui8, i8, i32 and i64:
//   stored with the store that converts as the cast does)
//
// and the unary ops the chip has one instruction for (exp, log, sqrt,
// rsqrt, reciprocal, tanh, erf, abs, neg, floor, ceil, round, pow, div).
// Splat constants of the kernel become s.lif + v.splat, once per kernel
// where the generator hoists them (ElementwiseOps::hoistConstants,
// ElementwiseChain::hoistConstants: the conv and matmul epilogues and this
// file's kernels), else once per tile.
//
// The elementwise pattern generates kernels made only of such ops (with
// one or several results of one shape): the result's dimensions are
// coalesced over all operands, a loop nest walks it in tiles of sublanes
// (the second-to-last dimension) by lanes (the last), and broadcast inputs
// are read with strided loads (lane stride 0 broadcasts). The operands
// stream through VMEM along the outermost dimension (emitStreamed): when
// they fit, in 64 KiB chunks all loaded at once, each computed as soon as
// it is in and stored while the next is computed; otherwise through two
// buffers each, the next chunk loading while one is computed.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/VectorTiles.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cstring>
#include <memory>
#include <numeric>
#include <limits>

namespace loom::systolic::codegen {

using namespace mlir;

//===----------------------------------------------------------------------===//
// Shared tile helpers (VectorTiles.h)
//===----------------------------------------------------------------------===//

std::optional<ElementType> vmemElementType(Type type) {
  if (type.isF32())
    return ElementType::F32;
  if (type.isBF16())
    return ElementType::Bf16;
  if (type.isF16())
    return ElementType::F16;
  if (type.isInteger(1))
    return ElementType::U8;
  if (type.isInteger(32))
    return ElementType::I32;
  if (type.isInteger(64))
    return ElementType::I64;
  return std::nullopt;
}

std::optional<ElementType> convertingStore(Type type) {
  if (type.isUnsignedInteger(8))
    return ElementType::U8;
  if (type.isUnsignedInteger())
    return std::nullopt;
  if (type.isInteger(8))
    return ElementType::I8;
  if (type.isInteger(32))
    return ElementType::I32;
  if (type.isInteger(64))
    return ElementType::I64;
  return std::nullopt;
}

int64_t vmemTensorBytes(RankedTensorType type) {
  int64_t bytes =
      type.getNumElements() * elementBytes(*vmemElementType(type.getElementType()));
  return (bytes + 3) / 4 * 4;
}

int64_t emitDmaCopy(KernelEnv &env, DmaFunc func, int vmemReg, int hbmReg,
                    int flag, int64_t bytes) {
  constexpr int64_t kChunk = int64_t(1) << 22; // 4 MiB rows
  if (bytes <= kChunk) {
    env.b.dma(func, vmemReg, hbmReg, flag, 1, bytes, bytes, bytes);
    return 1;
  }
  int64_t rows = bytes / kChunk, rest = bytes % kChunk;
  env.b.dma(func, vmemReg, hbmReg, flag, rows, kChunk, kChunk, kChunk);
  if (!rest)
    return 1;
  env.b.addi(vmemReg, vmemReg, rows * kChunk);
  env.b.addi(hbmReg, hbmReg, rows * kChunk);
  env.b.dma(func, vmemReg, hbmReg, flag, 1, rest, rest, rest);
  env.b.addi(vmemReg, vmemReg, -rows * kChunk);
  env.b.addi(hbmReg, hbmReg, -rows * kChunk);
  return 2;
}

int64_t spanBytes(ArrayRef<int64_t> shape, ArrayRef<int64_t> strides,
                  int64_t elementSize) {
  int64_t last = 0;
  for (auto [size, stride] : llvm::zip(shape, strides))
    last += (size - 1) * stride;
  return (last + 1) * elementSize;
}

static int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// emitStreamed when all operands fit VMEM at once: each streamed operand
/// has one buffer; all chunks' loads are issued first (they complete in
/// order), then each chunk waits for its own loads, is computed and stored.
/// An operand's register is its only one: HBM addresses are derived from
/// it (argument + offset + register - buffer start) in one shared temporary.
static LogicalResult emitWhole(KernelEnv &env, Operation *op,
                               int64_t positions, int64_t chunk,
                               MutableArrayRef<StreamedOperand> operands,
                               function_ref<LogicalResult(int64_t)> compute) {
  int64_t full = positions / chunk, tail = positions % chunk;
  int64_t chunks = full + (tail ? 1 : 0);
  int loaded = env.regs.flag(), stored = env.regs.flag();
  int address = env.regs.scalar();
  if (loaded < 0 || stored < 0 || address < 0)
    return env.error(op, "runs out of flags or scalar registers");
  SmallVector<int64_t> base(operands.size());
  int64_t residentLoads = 0, streamedInputs = 0, outputs = 0;
  for (auto [i, operand] : llvm::enumerate(operands)) {
    operand.reg = env.regs.scalar();
    if (operand.reg < 0)
      return env.error(op, "runs out of scalar registers");
    int64_t bytes =
        roundUp(operand.chunkStride ? (positions - 1) * operand.chunkStride +
                                          operand.span
                                    : operand.span,
                4);
    base[i] = env.vmem.allocate(bytes);
    env.b.li(operand.reg, base[i]);
    if (!operand.chunkStride && !operand.output) {
      env.b.addi(address, KernelEnv::argumentRegister(operand.argument),
                 operand.hbmOffset);
      residentLoads += emitDmaCopy(env, DmaFunc::Load, operand.reg, address,
                                   loaded, bytes);
    }
    if (operand.chunkStride)
      (operand.output ? outputs : streamedInputs) += 1;
  }
  // The HBM address of the chunk at operand i's register.
  auto hbmOf = [&](size_t i) {
    const StreamedOperand &operand = operands[i];
    env.b.alu(ScalarFunc::Add, address, operand.reg,
              KernelEnv::argumentRegister(operand.argument));
    env.b.addi(address, address, operand.hbmOffset - base[i]);
  };
  // All loads, chunk after chunk.
  auto issueLoads = [&](int64_t count) {
    for (auto [i, operand] : llvm::enumerate(operands)) {
      if (!operand.chunkStride || operand.output)
        continue;
      int64_t bytes =
          roundUp((count - 1) * operand.chunkStride + operand.span, 4);
      hbmOf(i);
      env.b.dma(DmaFunc::Load, operand.reg, address, loaded, 1, bytes, bytes,
                bytes);
      env.b.addi(operand.reg, operand.reg, count * operand.chunkStride);
    }
    return success();
  };
  if (failed(emitTileLoops(env, {TileLevel{full, 1}}, {},
                           [&](ArrayRef<int64_t>) { return issueLoads(chunk); })))
    return failure();
  if (tail)
    (void)issueLoads(tail);
  for (const StreamedOperand &operand : operands)
    if (operand.chunkStride && !operand.output)
      env.b.addi(operand.reg, operand.reg, -positions * operand.chunkStride);
  if (residentLoads)
    env.b.wait(loaded, residentLoads);

  auto step = [&](int64_t count) -> LogicalResult {
    if (streamedInputs)
      env.b.wait(loaded, streamedInputs);
    if (failed(compute(count)))
      return failure();
    for (auto [i, operand] : llvm::enumerate(operands)) {
      if (!operand.chunkStride)
        continue;
      if (operand.output) {
        int64_t bytes =
            roundUp((count - 1) * operand.chunkStride + operand.span, 4);
        hbmOf(i);
        env.b.dma(DmaFunc::Store, operand.reg, address, stored, 1, bytes,
                  bytes, bytes);
      }
      env.b.addi(operand.reg, operand.reg, count * operand.chunkStride);
    }
    return success();
  };
  if (failed(emitTileLoops(env, {TileLevel{full, 1}}, {},
                           [&](ArrayRef<int64_t>) { return step(chunk); })))
    return failure();
  if (tail && failed(step(tail)))
    return failure();
  int64_t residentStores = 0;
  for (const StreamedOperand &operand : operands)
    if (!operand.chunkStride && operand.output) {
      env.b.addi(address, KernelEnv::argumentRegister(operand.argument),
                 operand.hbmOffset);
      residentStores += emitDmaCopy(env, DmaFunc::Store, operand.reg, address,
                                    stored, roundUp(operand.span, 4));
    }
  if (chunks * outputs + residentStores)
    env.b.wait(stored, chunks * outputs + residentStores);
  env.regs.releaseFlag(loaded);
  env.regs.releaseFlag(stored);
  env.regs.release(address);
  for (const StreamedOperand &operand : operands)
    env.regs.release(operand.reg);
  return success();
}

LogicalResult emitStreamed(KernelEnv &env, Operation *op, int64_t positions,
                           MutableArrayRef<StreamedOperand> operands,
                           function_ref<LogicalResult(int64_t)> compute,
                           int64_t granule) {
  // The chunk: as many positions as VMEM (double buffered) and the target
  // allow, a multiple that keeps every chunk's HBM address 4-byte aligned,
  // and at most 4 MiB per buffer (one DMA each).
  constexpr int64_t kMaxBuffer = int64_t(1) << 22;
  constexpr int64_t kWholeChunkBytes = int64_t(1) << 16;
  constexpr int64_t kBufferedChunkBytes = int64_t(1) << 20;
  int64_t resident = 0, perPosition = 0, widest = 0, buffers = 0, quantum = 1;
  for (const StreamedOperand &operand : operands) {
    if (!operand.chunkStride) {
      resident += roundUp(roundUp(operand.span, 4), 64);
      continue;
    }
    perPosition += operand.chunkStride;
    widest = std::max(widest, operand.chunkStride);
    buffers += 2;
    int64_t misaligned = operand.chunkStride % 4;
    if (misaligned)
      quantum = std::max<int64_t>(quantum, misaligned % 2 ? 4 : 2);
  }
  quantum = std::lcm(quantum, granule);
  auto chunkOf = [&](int64_t limit) {
    int64_t chunk = std::min({positions, limit, kMaxBuffer / widest});
    return chunk < positions ? chunk / quantum * quantum : chunk;
  };
  int64_t wholeBytes = resident;
  for (const StreamedOperand &operand : operands)
    if (operand.chunkStride)
      wholeBytes += roundUp(roundUp((positions - 1) * operand.chunkStride +
                                        operand.span,
                                    4),
                            64);
  if (perPosition && wholeBytes <= env.vmem.available()) {
    // Everything fits: every chunk loads at once, in order, and each is
    // computed as soon as its loads are in.
    int64_t chunk = chunkOf(std::max<int64_t>(1, kWholeChunkBytes / perPosition));
    if (chunk >= 1)
      return emitWhole(env, op, positions, chunk, operands, compute);
  }
  int64_t chunk = positions;
  if (perPosition) {
    int64_t budget = env.vmem.available() - resident - buffers * 128;
    int64_t fit = budget / (2 * perPosition);
    chunk = chunkOf(std::min(
        fit, std::max<int64_t>(1, kBufferedChunkBytes / perPosition)));
    if (chunk < 1)
      return env.error(op, "needs more VMEM than the chip has even for one "
                           "chunk of its operands (" +
                               Twine(2 * perPosition + resident) +
                               " bytes; the chip has " +
                               Twine(env.vmem.available()) + ")");
  } else if (resident > env.vmem.available()) {
    return env.error(op, "needs " + Twine(resident) +
                             " bytes of VMEM for its operands; the chip has " +
                             Twine(env.vmem.available()));
  }
  int64_t full = positions / chunk, tail = positions % chunk;
  bool single = full + (tail ? 1 : 0) == 1;

  // Registers: per operand its current buffer; streamed ones also the next
  // buffer and the HBM address of their next chunk.
  struct State {
    int next = -1, hbm = -1;
  };
  SmallVector<State> state(operands.size());
  auto scalar = [&]() {
    int reg = env.regs.scalar();
    if (reg < 0)
      (void)env.error(op, "runs out of scalar registers");
    return reg;
  };
  int loaded = env.regs.flag(), stored = env.regs.flag();
  if (loaded < 0 || stored < 0)
    return env.error(op, "runs out of flags");
  int64_t residentLoads = 0, streamedInputs = 0, outputs = 0;
  for (auto [operand, st] : llvm::zip(operands, state)) {
    operand.reg = scalar();
    if (operand.reg < 0)
      return failure();
    int argumentReg = KernelEnv::argumentRegister(operand.argument);
    if (!operand.chunkStride) {
      env.b.li(operand.reg,
               env.vmem.allocate(roundUp(operand.span, 4)));
      if (!operand.output) {
        int hbm = scalar();
        if (hbm < 0)
          return failure();
        env.b.addi(hbm, argumentReg, operand.hbmOffset);
        residentLoads += emitDmaCopy(env, DmaFunc::Load, operand.reg, hbm,
                                     loaded, roundUp(operand.span, 4));
        env.regs.release(hbm);
      }
      continue;
    }
    int64_t bytes = roundUp((chunk - 1) * operand.chunkStride + operand.span, 4);
    st.next = single ? -1 : scalar();
    st.hbm = scalar();
    if ((!single && st.next < 0) || st.hbm < 0)
      return failure();
    env.b.li(operand.reg, env.vmem.allocate(bytes));
    if (!single)
      env.b.li(st.next, env.vmem.allocate(bytes));
    env.b.addi(st.hbm, argumentReg, operand.hbmOffset);
    (operand.output ? outputs : streamedInputs) += 1;
  }
  // Loads of the inputs of a chunk of `count` positions into the buffers
  // in `which` (the current or the next ones).
  auto loadChunk = [&](int64_t count, bool intoNext) {
    for (auto [operand, st] : llvm::zip(operands, state)) {
      if (!operand.chunkStride || operand.output)
        continue;
      int64_t bytes =
          roundUp((count - 1) * operand.chunkStride + operand.span, 4);
      env.b.dma(DmaFunc::Load, intoNext ? st.next : operand.reg, st.hbm,
                loaded, 1, bytes, bytes, bytes);
      if (!single)
        env.b.addi(st.hbm, st.hbm, count * operand.chunkStride);
    }
  };
  // One chunk of `count` positions whose successor has `nextCount` (0:
  // none).
  auto step = [&](int64_t count, int64_t nextCount) -> LogicalResult {
    if (nextCount)
      loadChunk(nextCount, /*intoNext=*/true);
    if (streamedInputs)
      env.b.wait(loaded, streamedInputs);
    if (outputs && !single)
      env.b.wait(stored, outputs);
    if (failed(compute(count)))
      return failure();
    for (auto [operand, st] : llvm::zip(operands, state)) {
      if (!operand.chunkStride)
        continue;
      if (operand.output) {
        int64_t bytes =
            roundUp((count - 1) * operand.chunkStride + operand.span, 4);
        env.b.dma(DmaFunc::Store, operand.reg, st.hbm, stored, 1, bytes,
                  bytes, bytes);
        if (!single)
          env.b.addi(st.hbm, st.hbm, count * operand.chunkStride);
      }
      if (single)
        continue;
      // Swap the buffers.
      env.b.alu(ScalarFunc::Xor, operand.reg, operand.reg, st.next);
      env.b.alu(ScalarFunc::Xor, st.next, st.next, operand.reg);
      env.b.alu(ScalarFunc::Xor, operand.reg, operand.reg, st.next);
    }
    return success();
  };

  loadChunk(full ? chunk : tail, /*intoNext=*/false);
  if (residentLoads)
    env.b.wait(loaded, residentLoads);
  if (outputs && !single)
    env.b.signal(stored, 2 * outputs);
  if (full > 1) {
    int counter = scalar();
    if (counter < 0)
      return failure();
    env.b.li(counter, full - 1);
    Label top = env.b.newLabel();
    env.b.bind(top);
    if (failed(step(chunk, chunk)))
      return failure();
    env.b.loop(counter, top);
    env.regs.release(counter);
  }
  if (full && failed(step(chunk, tail)))
    return failure();
  if (tail && failed(step(tail, 0)))
    return failure();
  // Resident outputs (a kernel without a streamed level) are stored whole.
  int64_t residentStores = 0;
  for (const StreamedOperand &operand : operands)
    if (!operand.chunkStride && operand.output) {
      int hbm = scalar();
      if (hbm < 0)
        return failure();
      env.b.addi(hbm, KernelEnv::argumentRegister(operand.argument),
                 operand.hbmOffset);
      residentStores += emitDmaCopy(env, DmaFunc::Store, operand.reg, hbm,
                                    stored, roundUp(operand.span, 4));
      env.regs.release(hbm);
    }
  int64_t pending = (single ? 1 : 2) * outputs + residentStores;
  if (pending)
    env.b.wait(stored, pending);
  env.regs.releaseFlag(loaded);
  env.regs.releaseFlag(stored);
  for (auto [operand, st] : llvm::zip(operands, state)) {
    env.regs.release(operand.reg);
    if (st.next >= 0)
      env.regs.release(st.next);
    if (st.hbm >= 0)
      env.regs.release(st.hbm);
  }
  return success();
}

static LogicalResult emitLevel(
    KernelEnv &env, ArrayRef<TileLevel> levels, ArrayRef<TilePointer> pointers,
    size_t index, SmallVectorImpl<int64_t> &blocks,
    function_ref<LogicalResult(ArrayRef<int64_t>)> body) {
  if (index == levels.size())
    return body(blocks);
  const TileLevel &level = levels[index];
  int64_t full = level.size / level.block, rest = level.size % level.block;
  auto advance = [&](int64_t positions) {
    for (const TilePointer &pointer : pointers)
      if (pointer.strides[index] && positions)
        env.b.addi(pointer.reg, pointer.reg,
                   positions * pointer.strides[index]);
  };
  int64_t moved = 0;
  if (full > 0) {
    blocks[index] = level.block;
    if (full == 1) {
      if (failed(emitLevel(env, levels, pointers, index + 1, blocks, body)))
        return failure();
      if (rest) {
        advance(level.block);
        moved = level.block;
      }
    } else {
      int counter = env.regs.scalar();
      if (counter < 0)
        return env.error(nullptr, "runs out of scalar registers for its loops");
      env.b.li(counter, full);
      Label top = env.b.newLabel();
      env.b.bind(top);
      if (failed(emitLevel(env, levels, pointers, index + 1, blocks, body)))
        return failure();
      advance(level.block);
      env.b.loop(counter, top);
      env.regs.release(counter);
      moved = full * level.block;
    }
  }
  if (rest) {
    blocks[index] = rest;
    if (failed(emitLevel(env, levels, pointers, index + 1, blocks, body)))
      return failure();
  }
  advance(-moved);
  return success();
}

LogicalResult
emitTileLoops(KernelEnv &env, ArrayRef<TileLevel> levels,
              ArrayRef<TilePointer> pointers,
              function_ref<LogicalResult(ArrayRef<int64_t>)> body) {
  SmallVector<int64_t> blocks(levels.size(), 0);
  return emitLevel(env, levels, pointers, 0, blocks, body);
}

void coalesceDimensions(SmallVectorImpl<int64_t> &shape,
                        MutableArrayRef<SmallVector<int64_t>> strides) {
  SmallVector<int64_t> outShape;
  SmallVector<SmallVector<int64_t>> outStrides(strides.size());
  for (size_t dim = 0; dim < shape.size(); ++dim) {
    if (shape[dim] == 1)
      continue;
    bool merge = !outShape.empty();
    for (size_t i = 0; merge && i < strides.size(); ++i)
      merge = outStrides[i].back() == strides[i][dim] * shape[dim];
    if (merge) {
      outShape.back() *= shape[dim];
      for (size_t i = 0; i < strides.size(); ++i)
        outStrides[i].back() = strides[i][dim];
      continue;
    }
    outShape.push_back(shape[dim]);
    for (size_t i = 0; i < strides.size(); ++i)
      outStrides[i].push_back(strides[i][dim]);
  }
  if (outShape.empty()) {
    outShape.push_back(1);
    for (SmallVector<int64_t> &s : outStrides)
      s.push_back(0);
  }
  shape.assign(outShape.begin(), outShape.end());
  for (size_t i = 0; i < strides.size(); ++i)
    strides[i] = outStrides[i];
}

SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> from,
                                      ArrayRef<int64_t> to) {
  SmallVector<int64_t> rowMajor(from.size(), 1);
  for (int64_t dim = static_cast<int64_t>(from.size()) - 2; dim >= 0; --dim)
    rowMajor[dim] = rowMajor[dim + 1] * from[dim + 1];
  SmallVector<int64_t> strides(to.size(), 0);
  int64_t offset = static_cast<int64_t>(to.size()) -
                   static_cast<int64_t>(from.size());
  for (int64_t dim = 0; dim < static_cast<int64_t>(to.size()); ++dim) {
    int64_t source = dim - offset;
    if (source >= 0 && from[source] != 1)
      strides[dim] = rowMajor[source];
  }
  return strides;
}

int loadTile(KernelEnv &env, int addressReg, ElementType type,
             int64_t sublaneStride, int64_t laneStride, int64_t sublanes,
             int64_t lanes) {
  int v = env.regs.vector();
  if (v < 0) {
    (void)env.error(nullptr, "runs out of vector registers");
    return -1;
  }
  int64_t bytes = elementBytes(type);
  if (laneStride == 1)
    env.b.vld(v, addressReg, sublaneStride * bytes, sublanes, lanes, type);
  else
    env.b.vldStrided(v, addressReg, sublaneStride * bytes, sublanes, lanes,
                     laneStride, type);
  return v;
}

LogicalResult storeChainTile(KernelEnv &env, const ElementwiseOps &chain,
                             int anchor, ArrayRef<TileInput> inputs,
                             int outputReg, int64_t rowBytes, int64_t sublanes,
                             int64_t lanes) {
  SmallVector<int> registers;
  for (const TileInput &input : inputs) {
    registers.push_back(loadTile(env, input.reg, input.element,
                                 input.sublaneStride, input.laneStride,
                                 sublanes, lanes));
    if (registers.back() < 0)
      return failure();
  }
  int value = chain.emit(env, anchor, registers);
  for (int reg : registers)
    env.regs.releaseVector(reg);
  if (value < 0)
    return failure();
  env.b.vst(value, outputReg, rowBytes, sublanes, lanes);
  if (value != anchor)
    env.regs.releaseVector(value);
  env.regs.releaseVector(anchor);
  return success();
}

int splatRegister(KernelEnv &env, float value) {
  int s = env.regs.scalar();
  int v = s < 0 ? -1 : env.regs.vector();
  if (v < 0) {
    if (s >= 0)
      env.regs.release(s);
    (void)env.error(nullptr, "runs out of registers for a constant");
    return -1;
  }
  env.b.lif(s, value);
  env.b.valu(VectorFunc::Splat, v, 0, 0, 0, s);
  env.regs.release(s);
  return v;
}

//===----------------------------------------------------------------------===//
// ElementwiseChain
//===----------------------------------------------------------------------===//

namespace {

} // namespace

bool isVectorElementwiseOp(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp, CompareOp, AndOp,
             OrOp, XorOp, NotOp, NegOp, AbsOp, ExpOp, LogOp, SqrtOp, RsqrtOp,
             ReciprocalOp, TanhOp, SigmoidOp, ErfOp, ReluOp, FloorOp, CeilOp,
             RoundOp, SignOp, GeluOp, ClampOp, CastOp, SelectOp, SinOp, CosOp,
             TanOp, AsinOp, AcosOp, AtanOp, SinhOp, CoshOp, AsinhOp, AcoshOp,
             AtanhOp, RemOp>(op);
}

namespace {

bool isChainOp(Operation *op) { return isVectorElementwiseOp(op); }

/// Whether `from` broadcasts (NumPy, right aligned) to `to`.
bool broadcastsTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t offset = to.size() - from.size();
  for (size_t dim = 0; dim < from.size(); ++dim)
    if (from[dim] != 1 && from[dim] != to[offset + dim])
      return false;
  return true;
}

/// The f32 value of a splat f32 or i1 constant (i1 as 0.0 / 1.0).
std::optional<float> splatConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
  if (!dense || !dense.isSplat())
    return std::nullopt;
  Type element = dense.getElementType();
  if (element.isF32())
    return dense.getSplatValue<APFloat>().convertToFloat();
  if (element.isF16() || element.isBF16()) {
    // Widening to f32 is exact.
    APFloat value = dense.getSplatValue<APFloat>();
    bool losesInfo = false;
    value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    return value.convertToFloat();
  }
  if (element.isInteger(1))
    return dense.getSplatValue<bool>() ? 1.0f : 0.0f;
  return std::nullopt;
}

Type elementOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

bool isVectorValue(Type element, bool halfFloats = false) {
  return element.isF32() || element.isInteger(1) ||
         (halfFloats && (element.isF16() || element.isBF16()));
}

/// The rounding of an op's f32 result to its element type, if it needs one.
std::optional<VectorFunc> roundingTo(Type element) {
  if (element.isF16())
    return VectorFunc::RoundF16;
  if (element.isBF16())
    return VectorFunc::RoundBf16;
  return std::nullopt;
}

/// Emits the instructions of the ops of one chain for one tile.
class ChainEmitter {
public:
  /// Constants come from `hoisted` where it has them. With `collect`, no
  /// instruction is emitted: the constants the ops need are appended to it.
  ChainEmitter(KernelEnv &env, const llvm::DenseMap<uint32_t, int> *hoisted,
               SmallVectorImpl<float> *collect = nullptr)
      : env(env), hoisted(hoisted), collect(collect) {}
  ~ChainEmitter() {
    for (auto &entry : constants)
      env.regs.releaseVector(entry.second);
  }

  /// A register holding `value` everywhere, shared within the tile.
  int constant(float value) {
    if (collect) {
      collect->push_back(value);
      return 0;
    }
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    if (hoisted)
      if (auto it = hoisted->find(bits); it != hoisted->end())
        return it->second;
    auto it = constants.find(bits);
    if (it != constants.end())
      return it->second;
    int reg = splatRegister(env, value);
    if (reg >= 0)
      constants[bits] = reg;
    return reg;
  }
  bool isConstant(int reg) const {
    for (auto &entry : constants)
      if (entry.second == reg)
        return true;
    if (hoisted)
      for (auto &entry : *hoisted)
        if (entry.second == reg)
          return true;
    return false;
  }

  /// d = func(a, b); v.sel takes (onTrue, onFalse, mask).
  int op(VectorFunc func, int a, int b = 0, int c = 0) {
    if (collect)
      return 0;
    int d = env.regs.vector();
    if (d < 0)
      return -1;
    env.b.valu(func, d, a, b, c);
    return d;
  }
  void release(int reg) {
    if (!collect && reg >= 0 && !isConstant(reg))
      env.regs.releaseVector(reg);
  }

  /// mask ? 0.0 : 1.0 (a logical not of a 0/1 mask).
  int invert(int mask) {
    int zero = constant(0.0f), one = constant(1.0f);
    if (zero < 0 || one < 0)
      return -1;
    return op(VectorFunc::Select, zero, one, mask);
  }

  /// Emits `op` on its operands' registers; -1 when registers run out.
  int emit(Operation *operation, ArrayRef<int> in);

private:
  KernelEnv &env;
  const llvm::DenseMap<uint32_t, int> *hoisted;
  SmallVectorImpl<float> *collect;
  llvm::DenseMap<uint32_t, int> constants;
};

int ChainEmitter::emit(Operation *operation, ArrayRef<int> in) {
  auto unary = [&](VectorFunc func) { return op(func, in[0]); };
  auto binary = [&](VectorFunc func) { return op(func, in[0], in[1]); };
  return llvm::TypeSwitch<Operation *, int>(operation)
      .Case([&](AddOp) { return binary(VectorFunc::Add); })
      .Case([&](SubOp) { return binary(VectorFunc::Sub); })
      .Case([&](MulOp) { return binary(VectorFunc::Mul); })
      .Case([&](DivOp) { return binary(VectorFunc::Div); })
      .Case([&](PowOp) { return binary(VectorFunc::Pow); })
      .Case([&](MaxOp) { return binary(VectorFunc::Max); })
      .Case([&](MinOp) { return binary(VectorFunc::Min); })
      .Case([&](AndOp) { return binary(VectorFunc::Mul); })
      .Case([&](OrOp) { return binary(VectorFunc::Max); })
      .Case([&](XorOp) {
        int equal = binary(VectorFunc::CmpEq);
        int result = equal < 0 ? -1 : invert(equal);
        release(equal);
        return result;
      })
      .Case([&](NotOp) {
        int zero = constant(0.0f);
        return zero < 0 ? -1 : op(VectorFunc::CmpEq, in[0], zero);
      })
      .Case([&](CompareOp compare) {
        switch (compare.getPredicate()) {
        case ComparePredicate::eq: return op(VectorFunc::CmpEq, in[0], in[1]);
        case ComparePredicate::lt: return op(VectorFunc::CmpLt, in[0], in[1]);
        case ComparePredicate::le: return op(VectorFunc::CmpLe, in[0], in[1]);
        case ComparePredicate::gt: return op(VectorFunc::CmpLt, in[1], in[0]);
        case ComparePredicate::ge: return op(VectorFunc::CmpLe, in[1], in[0]);
        case ComparePredicate::ne: {
          int equal = op(VectorFunc::CmpEq, in[0], in[1]);
          int result = equal < 0 ? -1 : invert(equal);
          release(equal);
          return result;
        }
        }
        return -1;
      })
      .Case([&](NegOp) { return unary(VectorFunc::Neg); })
      .Case([&](AbsOp) { return unary(VectorFunc::Abs); })
      .Case([&](ExpOp) { return unary(VectorFunc::Exp); })
      .Case([&](LogOp) { return unary(VectorFunc::Log); })
      .Case([&](SqrtOp) { return unary(VectorFunc::Sqrt); })
      .Case([&](RsqrtOp) { return unary(VectorFunc::Rsqrt); })
      .Case([&](ReciprocalOp) { return unary(VectorFunc::Reciprocal); })
      .Case([&](TanhOp) { return unary(VectorFunc::Tanh); })
      .Case([&](ErfOp) { return unary(VectorFunc::Erf); })
      .Case([&](FloorOp) { return unary(VectorFunc::Floor); })
      .Case([&](CeilOp) { return unary(VectorFunc::Ceil); })
      .Case([&](RoundOp) { return unary(VectorFunc::Round); })
      .Case([&](SinOp) { return unary(VectorFunc::Sin); })
      .Case([&](CosOp) { return unary(VectorFunc::Cos); })
      .Case([&](TanOp) { return unary(VectorFunc::Tan); })
      .Case([&](AsinOp) { return unary(VectorFunc::Asin); })
      .Case([&](AcosOp) { return unary(VectorFunc::Acos); })
      .Case([&](AtanOp) { return unary(VectorFunc::Atan); })
      .Case([&](SinhOp) { return unary(VectorFunc::Sinh); })
      .Case([&](CoshOp) { return unary(VectorFunc::Cosh); })
      .Case([&](AsinhOp) { return unary(VectorFunc::Asinh); })
      .Case([&](AcoshOp) { return unary(VectorFunc::Acosh); })
      .Case([&](AtanhOp) { return unary(VectorFunc::Atanh); })
      .Case([&](SigmoidOp) {
        // 1 / (1 + exp(-x))
        int one = constant(1.0f);
        int negated = one < 0 ? -1 : op(VectorFunc::Neg, in[0]);
        int power = negated < 0 ? -1 : op(VectorFunc::Exp, negated);
        int sum = power < 0 ? -1 : op(VectorFunc::Add, one, power);
        int result = sum < 0 ? -1 : op(VectorFunc::Div, one, sum);
        for (int reg : {negated, power, sum})
          release(reg);
        return result;
      })
      // (x > 0 || x != x) ? x : 0  ==  x <= 0 ? +0 : x, one instruction.
      .Case([&](ReluOp) { return unary(VectorFunc::Relu); })
      .Case([&](SignOp) {
        // x > 0 ? 1 : x < 0 ? -1 : x
        int zero = constant(0.0f), one = constant(1.0f),
            minusOne = constant(-1.0f);
        if (zero < 0 || one < 0 || minusOne < 0)
          return -1;
        int negative = op(VectorFunc::CmpLt, in[0], zero);
        int low = negative < 0 ? -1
                               : op(VectorFunc::Select, minusOne, in[0], negative);
        int positive = low < 0 ? -1 : op(VectorFunc::CmpLt, zero, in[0]);
        int result =
            positive < 0 ? -1 : op(VectorFunc::Select, one, low, positive);
        for (int reg : {negative, low, positive})
          release(reg);
        return result;
      })
      .Case([&](GeluOp gelu) {
        int half = constant(0.5f), one = constant(1.0f);
        if (half < 0 || one < 0)
          return -1;
        SmallVector<int> temps;
        auto keep = [&](int reg) {
          temps.push_back(reg);
          return reg;
        };
        int phi = -1;
        if (gelu.getApproximation() == GeluApproximation::tanh) {
          // 0.5 * x * (1 + tanh(0.79788456 * (x + 0.044715 * x * x * x)))
          int alpha = constant(0.7978845608028654f),
              beta = constant(0.044715f);
          int cube = alpha < 0 || beta < 0 ? -1
                                           : keep(op(VectorFunc::Mul, beta, in[0]));
          cube = cube < 0 ? -1 : keep(op(VectorFunc::Mul, cube, in[0]));
          cube = cube < 0 ? -1 : keep(op(VectorFunc::Mul, cube, in[0]));
          int inner = cube < 0 ? -1 : keep(op(VectorFunc::Add, in[0], cube));
          int scaled = inner < 0 ? -1 : keep(op(VectorFunc::Mul, alpha, inner));
          phi = scaled < 0 ? -1 : keep(op(VectorFunc::Tanh, scaled));
        } else {
          // 0.5 * x * (1 + erf(x * 0.70710678))
          int rsqrt2 = constant(0.7071067811865476f);
          int scaled = rsqrt2 < 0 ? -1 : keep(op(VectorFunc::Mul, in[0], rsqrt2));
          phi = scaled < 0 ? -1 : keep(op(VectorFunc::Erf, scaled));
        }
        int sum = phi < 0 ? -1 : keep(op(VectorFunc::Add, one, phi));
        int halfX = sum < 0 ? -1 : keep(op(VectorFunc::Mul, half, in[0]));
        int result = halfX < 0 ? -1 : op(VectorFunc::Mul, halfX, sum);
        for (int reg : temps)
          release(reg);
        return result;
      })
      .Case([&](ClampOp clamp) {
        // if (x < lo) x = lo; if (x > hi) x = hi;  (bounds rounded to f32)
        int value = in[0];
        bool owned = false;
        if (FloatAttr lower = clamp.getMinAttr()) {
          int lo = constant(static_cast<float>(lower.getValueAsDouble()));
          int below = lo < 0 ? -1 : op(VectorFunc::CmpLt, value, lo);
          int next = below < 0 ? -1 : op(VectorFunc::Select, lo, value, below);
          release(below);
          value = next;
          owned = true;
        }
        if (FloatAttr upper = clamp.getMaxAttr(); upper && value >= 0) {
          int hi = constant(static_cast<float>(upper.getValueAsDouble()));
          int above = hi < 0 ? -1 : op(VectorFunc::CmpLt, hi, value);
          int next = above < 0 ? -1 : op(VectorFunc::Select, hi, value, above);
          release(above);
          if (owned)
            release(value);
          value = next;
          owned = true;
        }
        return owned ? value : op(VectorFunc::Move, in[0]);
      })
      .Case([&](CastOp cast) {
        // Every loaded element is already the f32 static_cast of its
        // value; to i1 is x != 0 (NaN included).
        if (elementOf(cast.getResult()).isInteger(1) &&
            !elementOf(cast.getInput()).isInteger(1)) {
          int zero = constant(0.0f);
          int equal = zero < 0 ? -1 : op(VectorFunc::CmpEq, in[0], zero);
          int result = equal < 0 ? -1 : invert(equal);
          release(equal);
          return result;
        }
        return unary(VectorFunc::Move);
      })
      .Case([&](RemOp rem) {
        // fmod(a, b); without fmod, the divisor's sign: r + b where
        // r != 0 and (r < 0) != (b < 0) (the evaluator's remainder).
        int r = binary(VectorFunc::Fmod);
        if (rem.getFmod() || r < 0)
          return r;
        int zero = constant(0.0f);
        int isZero = zero < 0 ? -1 : op(VectorFunc::CmpEq, r, zero);
        int negative = isZero < 0 ? -1 : op(VectorFunc::CmpLt, r, zero);
        int divisorNegative =
            negative < 0 ? -1 : op(VectorFunc::CmpLt, in[1], zero);
        // (r < 0) == (b < 0) or r == 0: keep r.
        int sameSign = divisorNegative < 0
                           ? -1
                           : op(VectorFunc::CmpEq, negative, divisorNegative);
        int keep = sameSign < 0 ? -1 : op(VectorFunc::Max, sameSign, isZero);
        int sum = keep < 0 ? -1 : op(VectorFunc::Add, r, in[1]);
        int result = sum < 0 ? -1 : op(VectorFunc::Select, r, sum, keep);
        for (int reg : {r, isZero, negative, divisorNegative, sameSign, keep,
                        sum})
          release(reg);
        return result;
      })
      .Case([&](SelectOp) { return op(VectorFunc::Select, in[1], in[2], in[0]); })
      .Default([](Operation *) { return -1; });
}

} // namespace

FailureOr<ElementwiseChain> ElementwiseChain::analyze(KernelEnv &env,
                                                      Value anchor) {
  Operation *terminator = env.kernel.front().getTerminator();
  if (terminator->getNumOperands() != 1)
    return env.error(nullptr, "has " + Twine(terminator->getNumOperands()) +
                                  " results; the vector unit generates "
                                  "kernels with one");
  return analyze(env, anchor, terminator->getOperand(0));
}

FailureOr<ElementwiseChain>
ElementwiseChain::analyze(KernelEnv &env, Value anchor, Value result) {
  if (anchor && cast<ShapedType>(anchor.getType()).getShape() !=
                    cast<ShapedType>(result.getType()).getShape())
    return env.error(anchor.getDefiningOp(),
                     "has a shape other than the kernel's result; the ops "
                     "after it must keep its shape");
  FailureOr<ElementwiseOps> ops = ElementwiseOps::analyze(env, anchor, result);
  if (failed(ops))
    return failure();
  ElementwiseChain chain;
  chain.anchor = anchor;
  chain.ops = ops->ops;
  chain.chainInputs = ops->chainInputs;
  chain.result = ops->type;
  return chain;
}

FailureOr<ElementwiseOps> ElementwiseOps::analyze(KernelEnv &env,
                                                  Value anchor, Value result) {
  return analyze(env, anchor, ValueRange(result));
}

FailureOr<ElementwiseOps> ElementwiseOps::analyze(KernelEnv &env,
                                                  Value anchor,
                                                  ValueRange results,
                                                  bool halfFloats) {
  ElementwiseOps chain;
  chain.anchor = anchor;
  chain.halfFloats = halfFloats;
  chain.results.assign(results.begin(), results.end());
  auto resultType = cast<RankedTensorType>(results.front().getType());
  chain.type = resultType;
  for (Value result : results) {
    auto type = cast<RankedTensorType>(result.getType());
    if (!type.hasStaticShape() || type.getShape() != resultType.getShape())
      return env.error(result.getDefiningOp(),
                       "has a result of dynamic shape or of a shape other "
                       "than the kernel's first result");
    if (!isVectorValue(type.getElementType(), halfFloats))
      return env.error(result.getDefiningOp(),
                       "computes " +
                           Twine(llvm::isa<FloatType>(type.getElementType())
                                     ? (halfFloats ? "f64"
                                                   : "a float type other "
                                                     "than f32")
                                     : "integers") +
                           (halfFloats ? "; the vector unit computes f32, "
                                         "f16 and bf16 (and i1)"
                                       : "; the vector unit computes f32 "
                                         "(and i1)"));
  }
  llvm::SmallPtrSet<Operation *, 16> members;
  llvm::DenseSet<Value> seen;
  SmallVector<Value> work(results.begin(), results.end());
  bool reachesAnchor = !anchor || llvm::is_contained(results, anchor);
  while (!work.empty()) {
    Value value = work.pop_back_val();
    if (!seen.insert(value).second)
      continue;
    if (value == anchor) {
      reachesAnchor = true;
      continue;
    }
    if (isa<BlockArgument>(value) || splatConstant(value))
      continue;
    Operation *op = value.getDefiningOp();
    if (isa<ConstantOp>(op))
      return env.error(op, "is a constant that is not an f32 or i1 splat; "
                           "the vector unit reads other tensors only from "
                           "the kernel's arguments");
    if (!isChainOp(op))
      return env.error(op, anchor ? "follows the kernel's main op but is not "
                                    "an elementwise op the vector unit computes"
                                  : "is not an elementwise op the vector unit "
                                    "computes");
    if (!broadcastsTo(cast<ShapedType>(value.getType()).getShape(),
                      resultType.getShape()))
      return env.error(op, "produces a shape that does not broadcast to the "
                           "result's");
    if (!isVectorValue(elementOf(value), halfFloats))
      return env.error(op, halfFloats ? "computes a type other than f32, "
                                        "f16, bf16 or i1"
                                      : "computes a type other than f32 or "
                                        "i1");
    for (Value operand : op->getOperands()) {
      Type element = elementOf(operand);
      if (!isVectorValue(element, halfFloats) &&
          !(isa<CastOp>(op) && isa<BlockArgument>(operand) &&
            vmemElementType(element)))
        return env.error(op, "has an operand of a type the vector unit does "
                             "not compute with (only f32 and i1, or bf16, "
                             "i32 and i64 arguments cast to f32)");
      work.push_back(operand);
    }
    members.insert(op);
  }
  if (!reachesAnchor)
    return env.error(anchor.getDefiningOp(),
                     "does not reach the kernel's result through elementwise "
                     "ops");

  for (Operation &op : env.kernel.front())
    if (members.contains(&op))
      chain.ops.push_back(&op);
  for (Operation *op : chain.ops)
    for (Value operand : op->getOperands()) {
      auto argument = dyn_cast<BlockArgument>(operand);
      if (!argument || operand == anchor)
        continue;
      unsigned number = argument.getArgNumber();
      if (llvm::any_of(chain.chainInputs, [&](const ChainInput &input) {
            return input.argument == number;
          }))
        continue;
      auto type = cast<RankedTensorType>(operand.getType());
      if (!type.hasStaticShape() ||
          !broadcastsTo(type.getShape(), resultType.getShape()))
        return env.error(op, "reads an argument that does not broadcast to "
                             "the result's shape");
      chain.chainInputs.push_back(
          {number, type,
           broadcastStrides(type.getShape(), resultType.getShape())});
    }
  return chain;
}

int ElementwiseChain::emit(KernelEnv &env, int anchorRegister,
                           ArrayRef<int> inputRegisters) const {
  ElementwiseOps chain;
  chain.anchor = anchor;
  chain.ops = ops;
  chain.chainInputs = chainInputs;
  chain.type = result;
  chain.results = {ops.empty() ? anchor : ops.back()->getResult(0)};
  chain.hoisted = hoisted;
  return chain.emit(env, anchorRegister, inputRegisters);
}

LogicalResult ElementwiseChain::emitTiles(KernelEnv &env,
                                          ArrayRef<int> anchorRegisters,
                                          ArrayRef<ArrayRef<int>> inputRegisters,
                                          SmallVectorImpl<int> &results) const {
  ElementwiseOps chain;
  chain.anchor = anchor;
  chain.ops = ops;
  chain.chainInputs = chainInputs;
  chain.type = result;
  chain.results = {ops.empty() ? anchor : ops.back()->getResult(0)};
  chain.hoisted = hoisted;
  SmallVector<SmallVector<int>> perTile;
  if (failed(chain.emitTiles(env, anchorRegisters, inputRegisters, perTile)))
    return failure();
  for (const SmallVector<int> &tile : perTile)
    results.push_back(tile.front());
  return success();
}

LogicalResult ElementwiseChain::hoistConstants(KernelEnv &env) {
  ElementwiseOps chain;
  chain.ops = ops;
  chain.hoisted = std::move(hoisted);
  LogicalResult result = chain.hoistConstants(env);
  hoisted = std::move(chain.hoisted);
  return result;
}

void ElementwiseChain::releaseConstants(KernelEnv &env) {
  for (auto &entry : hoisted)
    env.regs.releaseVector(entry.second);
  hoisted.clear();
}

int ElementwiseOps::emit(KernelEnv &env, int anchorRegister,
                         ArrayRef<int> inputRegisters) const {
  SmallVector<int> out;
  if (failed(emit(env, anchorRegister, inputRegisters, out)))
    return -1;
  return out.front();
}

LogicalResult ElementwiseOps::hoistConstants(KernelEnv &env) {
  SmallVector<float> values;
  ChainEmitter collector(env, nullptr, &values);
  for (Operation *op : ops) {
    SmallVector<int> in;
    for (Value operand : op->getOperands()) {
      if (std::optional<float> value = splatConstant(operand))
        values.push_back(*value);
      in.push_back(0);
    }
    (void)collector.emit(op, in);
  }
  for (float value : values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    if (hoisted.count(bits))
      continue;
    int reg = splatRegister(env, value);
    if (reg < 0)
      return failure();
    hoisted[bits] = reg;
  }
  return success();
}

void ElementwiseOps::releaseConstants(KernelEnv &env) {
  for (auto &entry : hoisted)
    env.regs.releaseVector(entry.second);
  hoisted.clear();
}

LogicalResult ElementwiseOps::emit(KernelEnv &env, int anchorRegister,
                                   ArrayRef<int> inputRegisters,
                                   SmallVectorImpl<int> &resultRegisters) const {
  SmallVector<SmallVector<int>> perTile;
  if (failed(emitTiles(env, ArrayRef<int>(anchorRegister),
                       ArrayRef<ArrayRef<int>>(inputRegisters), perTile)))
    return failure();
  resultRegisters.append(perTile.front().begin(), perTile.front().end());
  return success();
}

LogicalResult
ElementwiseOps::emitTiles(KernelEnv &env, ArrayRef<int> anchorRegisters,
                          ArrayRef<ArrayRef<int>> inputRegisters,
                          SmallVectorImpl<SmallVector<int>> &resultRegisters)
    const {
  size_t tiles = anchorRegisters.size();
  // One emitter (constants not hoisted are per tile) and register map a
  // tile.
  SmallVector<std::unique_ptr<ChainEmitter>> emitters;
  SmallVector<llvm::DenseMap<Value, int>> registers(tiles);
  for (size_t t = 0; t < tiles; ++t) {
    emitters.push_back(std::make_unique<ChainEmitter>(env, &hoisted));
    if (anchor)
      registers[t][anchor] = anchorRegisters[t];
    for (auto [input, reg] : llvm::zip(chainInputs, inputRegisters[t]))
      registers[t][env.kernel.getArgument(input.argument)] = reg;
  }

  // The last op reading each value the chain computes.
  llvm::DenseMap<Value, size_t> lastUse;
  for (size_t i = 0; i < ops.size(); ++i)
    for (Value operand : ops[i]->getOperands())
      if (operand != anchor && operand.getDefiningOp() &&
          llvm::is_contained(ops, operand.getDefiningOp()))
        lastUse[operand] = i;

  // Op by op, each op for every tile: an op's latency passes while the
  // vector unit computes it for the other tiles.
  for (size_t i = 0; i < ops.size(); ++i) {
    Operation *op = ops[i];
    for (size_t t = 0; t < tiles; ++t) {
      SmallVector<int> in;
      for (Value operand : op->getOperands()) {
        auto it = registers[t].find(operand);
        in.push_back(it != registers[t].end()
                         ? it->second
                         : emitters[t]->constant(*splatConstant(operand)));
        if (in.back() < 0)
          return env.error(op, "runs out of vector registers");
      }
      env.b.comment(op->getName().getStringRef().str());
      int reg = emitters[t]->emit(op, in);
      if (reg < 0)
        return env.error(op, "runs out of vector registers");
      if (std::optional<VectorFunc> rounding =
              roundingTo(elementOf(op->getResult(0)))) {
        int rounded = emitters[t]->op(*rounding, reg);
        if (rounded < 0)
          return env.error(op, "runs out of vector registers");
        env.regs.releaseVector(reg);
        reg = rounded;
      }
      registers[t][op->getResult(0)] = reg;
      llvm::SmallDenseSet<Value> released;
      for (Value operand : op->getOperands()) {
        auto it = lastUse.find(operand);
        if (it != lastUse.end() && it->second == i &&
            !llvm::is_contained(results, operand) &&
            released.insert(operand).second)
          env.regs.releaseVector(registers[t][operand]);
      }
    }
  }
  // A result read by no op after it is not released above either.
  for (size_t t = 0; t < tiles; ++t) {
    resultRegisters.emplace_back();
    for (Value result : results) {
      auto it = registers[t].find(result);
      if (it == registers[t].end())
        return env.error(nullptr, "returns a value the vector unit does not "
                                  "compute");
      resultRegisters.back().push_back(it->second);
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise kernels
//===----------------------------------------------------------------------===//

namespace {

bool matchesElementwise(func::FuncOp kernel) {
  bool any = false;
  for (Operation &op : kernel.front().without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    // Other elementwise ops come here too, to be named in the error.
    if (!isChainOp(&op) && !op.hasTrait<OpTrait::Elementwise>())
      return false;
    any = true;
  }
  return any;
}

LogicalResult generateElementwise(KernelEnv &env) {
  // A result that casts f32 to an integer type is computed as the f32
  // before the cast and stored with the converting store, which is that
  // cast exactly; every other result is stored as its own type.
  SmallVector<Value> computed;
  SmallVector<std::optional<ElementType>> stores;
  for (Value result : env.kernel.front().getTerminator()->getOperands()) {
    auto cast = result.getDefiningOp<CastOp>();
    std::optional<ElementType> store =
        cast && elementOf(cast.getInput()).isF32()
            ? convertingStore(elementOf(result))
            : std::nullopt;
    computed.push_back(store ? cast.getInput() : result);
    stores.push_back(store);
  }
  FailureOr<ElementwiseOps> chain =
      ElementwiseOps::analyze(env, Value(), computed, /*halfFloats=*/true);
  if (failed(chain))
    return failure();
  unsigned results = env.kernel.getNumResults();
  RankedTensorType resultType = chain->resultType();
  if (resultType.getNumElements() == 0)
    return success();
  const int64_t S = env.chip.vector.sublanes, L = env.chip.vector.lanes;

  // Operands: the inputs, then the result (dense).
  struct Operand {
    int argument;
    RankedTensorType type;
    ElementType element;
    int reg = -1;
  };
  SmallVector<Operand> operands;
  SmallVector<SmallVector<int64_t>> strides;
  for (const ChainInput &input : chain->inputs()) {
    operands.push_back({static_cast<int>(input.argument), input.type,
                        *vmemElementType(input.type.getElementType())});
    strides.push_back(input.strides);
  }
  size_t firstResult = operands.size();
  for (unsigned i = 0; i < results; ++i) {
    RankedTensorType type = env.argumentType(env.kernel.getNumArguments() + i);
    operands.push_back(
        {static_cast<int>(env.kernel.getNumArguments() + i), type,
         stores[i] ? *stores[i] : *vmemElementType(type.getElementType())});
    strides.push_back(broadcastStrides(type.getShape(), type.getShape()));
  }

  // Tiles over the coalesced result: sublanes along the second-to-last
  // dimension, lanes along the last. A 1-D result is cut into rows of L.
  SmallVector<int64_t> shape(resultType.getShape());
  coalesceDimensions(shape, strides);
  struct Region {
    SmallVector<int64_t> shape;
    SmallVector<SmallVector<int64_t>> strides;
    int64_t offset; // elements of the flat 1-D view
  };
  SmallVector<Region> regions;
  if (shape.size() == 1) {
    int64_t n = shape[0], rows = n / L, rest = n % L;
    if (rows) {
      Region full{{rows, L}, {}, 0};
      for (auto &s : strides)
        full.strides.push_back({s[0] * L, s[0]});
      regions.push_back(full);
    }
    if (rest) {
      Region tail{{1, rest}, {}, rows * L};
      for (auto &s : strides)
        tail.strides.push_back({0, s[0]});
      regions.push_back(tail);
    }
  } else {
    regions.push_back({shape, strides, 0});
  }

  // Constants live in registers for the whole kernel.
  if (failed(chain->hoistConstants(env)))
    return failure();
  // Each region streams through VMEM along its outermost dimension.
  for (Region &region : regions) {
    size_t rank = region.shape.size();
    SmallVector<StreamedOperand> streamed;
    for (auto [i, operand] : llvm::enumerate(operands)) {
      const SmallVector<int64_t> &s = region.strides[i];
      int64_t bytes = elementBytes(operand.element);
      bool moves = s[0] != 0 && region.shape[0] > 1;
      streamed.push_back(
          {static_cast<unsigned>(operand.argument), i >= firstResult,
           region.offset * s.back() * bytes, moves ? s[0] * bytes : 0,
           moves ? spanBytes(ArrayRef(region.shape).drop_front(),
                             ArrayRef(s).drop_front(), bytes)
                 : spanBytes(region.shape, s, bytes)});
    }
    auto compute = [&](int64_t count) -> LogicalResult {
      SmallVector<TileLevel> levels;
      for (size_t dim = 0; dim < rank; ++dim)
        levels.push_back({dim ? region.shape[dim] : count,
                          dim + 2 == rank ? S : dim + 1 == rank ? L : 1});
      SmallVector<TilePointer> pointers;
      for (auto [i, operand] : llvm::enumerate(operands)) {
        TilePointer pointer{streamed[i].reg, {}};
        int64_t bytes = elementBytes(operand.element);
        for (int64_t stride : region.strides[i])
          pointer.strides.push_back(stride * bytes);
        pointers.push_back(pointer);
      }
      return emitTileLoops(
          env, levels, pointers, [&](ArrayRef<int64_t> blocks) -> LogicalResult {
            int64_t sublanes = blocks[rank - 2], lanes = blocks[rank - 1];
            SmallVector<int> inputs;
            auto releaseInputs = [&] {
              for (int reg : inputs)
                env.regs.releaseVector(reg);
            };
            for (size_t i = 0; i < firstResult; ++i) {
              const SmallVector<int64_t> &s = region.strides[i];
              int reg = loadTile(env, streamed[i].reg, operands[i].element,
                                 s[rank - 2], s[rank - 1], sublanes, lanes);
              if (reg < 0) {
                releaseInputs();
                return failure();
              }
              inputs.push_back(reg);
            }
            SmallVector<int> out;
            if (failed(chain->emit(env, -1, inputs, out))) {
              releaseInputs();
              return failure();
            }
            for (unsigned i = 0; i < results; ++i) {
              const Operand &result = operands[firstResult + i];
              int64_t rowBytes = region.strides[firstResult + i][rank - 2] *
                                 elementBytes(result.element);
              env.b.vst(out[i], streamed[firstResult + i].reg, rowBytes,
                        sublanes, lanes, result.element);
            }
            llvm::SmallDenseSet<int> released(inputs.begin(), inputs.end());
            for (int reg : out)
              if (released.insert(reg).second)
                env.regs.releaseVector(reg);
            releaseInputs();
            return success();
          });
    };
    int64_t vmemMark = env.vmem.mark();
    if (failed(emitStreamed(env, nullptr, region.shape[0], streamed, compute,
                            rank == 2 ? S : 1)))
      return failure();
    env.vmem.reset(vmemMark);
  }
  chain->releaseConstants(env);
  return success();
}

} // namespace

void addElementwisePatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back({"elementwise", matchesElementwise, generateElementwise});
}

} // namespace loom::systolic::codegen
