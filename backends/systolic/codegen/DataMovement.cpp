//===- DataMovement.cpp - Kernels that only move data ---------------------===//
//
// Part of the Loom project.
//
// Kernels made of one transpose, slice, reshape, broadcast_to, expand,
// concat, pad, gather or resize. Every element is copied bit for
// bit (but for linear resizes, which compute as the evaluator does), so the
// results equal the evaluator's whatever the element type.
//
// All ops but the gather are *affine copies*: result element at
// resultOffset + sum(i_d * out_d) comes from source element at
// sourceOffset + sum(i_d * in_d) for every index (i_0, ...) of a box of
// sizes size_d (a concat is one copy per input, a constant pad a fill and
// one copy, an edge or reflect pad one copy per combination of the pieces
// of its source map along each dimension: evenly stepping runs).
// Elements of 8 bytes become two 4-byte words; dimensions of size 1 are
// dropped and neighbours that stay contiguous on both sides are merged.
// The copy is then cut into *units*, each a 2-D box (a x b, b the result's
// innermost dimension) at a position given by the remaining *loop*
// dimensions:
//
//   DMA path: the innermost dimension is contiguous on both sides. A unit is
//     one 2-D strided DMA from HBM into VMEM (a rows of b elements) and one
//     back out; no vector work (slices, [0,2,1,3] transposes, concat, ...).
//   vector path: 4-byte words whose innermost dimension is not contiguous in
//     the source (a transpose that moves the innermost dimension, a step,
//     a reversal, a broadcast). The unit's source is loaded with one DMA of
//     long contiguous runs (along the source's stride-1 dimension when the
//     box has one, else spans of the innermost dimension), then rearranged
//     by lane-strided vector loads (`vlds`, S rows x L lanes each) and
//     contiguous vector stores, and stored with one DMA.
//     Where the box's source rows run forwards, L x L blocks go through
//     `x.transpose` instead (contiguous loads and stores).
//   Otherwise each element is a DMA row of its own (element-granular; only
//     for 8-byte elements whose innermost dimension moves).
//   staged: a copy whose runs, offsets or strides miss the chip's DMA
//     alignment (1- and 2-byte types) loads the whole source and the whole
//     result into VMEM, moves the elements by planes of u8 (or f32) vector
//     loads and stores, and stores the result back whole; loading it first
//     keeps the bytes between its end and the aligned end unchanged.
//
// Units are grouped into chunks that fit a VMEM buffer, and chunks are
// double buffered: the loads of chunk c + 1 are issued before the code
// waits for chunk c's, each buffer has its own load and store flag, and a
// buffer is reused only after its store has been waited on. A copy that
// fits one buffer is cut into up to 8 chunks instead, all loaded at once
// into buffers and on flags of their own, each stored as soon as it has
// arrived: the stores overlap the later loads, where a single chunk would
// pay the DMA latency twice in a row. The unit's HBM
// addresses come from its flat index (s.div / s.rem by the loop sizes), so
// loops of any depth take a fixed number of registers.
//
// A constant operand of the kernel (a splat the dispatcher keeps inside) is
// copied into the library's constants and read at s2 + its offset.
//
// The gather DMAs the indices into VMEM, then for each index reads it with
// `s.ld` (`s.ld32` for i32), adds the axis size to a negative one, and DMAs
// the selected slice (all outer rows at once, one 2-D DMA) into the chunk
// buffer; chunks of indices are double buffered (or in flight) the same
// way. An index
// still outside [0, size) stops the run, as the evaluator fails: the code
// divides by zero (the simulator reports it at the instruction commented
// "gather index out of range"). A gather whose rows miss the DMA alignment
// stages the table, the indices and the result whole in VMEM and copies each
// index's rows by u8 vector loads and stores.
//
// A resize (loom.resize) tabulates its taps at compile time with the
// evaluator's own coordinate code (evaluator/ResizeCoordinates.h). A
// nearest one whose source map along each dimension is affine, affine in
// blocks of k (an upsample by k) or a few evenly stepping runs is a few
// affine copies like the ops above. Otherwise input and result are staged
// whole in VMEM and the resize is unrolled: nearest copies runs of a
// result row whose source offsets step evenly by one lane-strided vector
// load and store each (planes of words or bytes, any float type); linear
// computes each f32 result element from the corners of nonzero weight in
// the evaluator's order (term = f32(weight) * element, the first term the
// sum, each later one added).
//
// DMA addresses, row sizes and strides must be multiples of the chip's
// dma_alignment; a copy or gather that cannot meet it and does not fit in
// VMEM to be staged is an error naming the op and the quantity.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"

#include "evaluator/ResizeCoordinates.h"
#include "ir/LoomOps.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <tuple>

namespace loom::systolic::codegen {

namespace {

using namespace mlir;

/// The largest VMEM buffer one chunk uses.
constexpr int64_t kMaxBufferBytes = 4 << 20;
/// A copy that fits one buffer is cut into up to this many chunks, all
/// loaded at once into buffers of their own, so that each chunk's store
/// overlaps the later chunks' loads (a latency of its own otherwise).
constexpr int64_t kMaxInFlightChunks = 8;
/// ... when it has at least this many bytes per chunk.
constexpr int64_t kMinInFlightChunkBytes = 16 << 10;
/// Field limits of the DMA instruction.
constexpr int64_t kMaxDmaRows = (1 << 16) - 1;
constexpr int64_t kMaxDmaRowBytes = (1 << 24) - 1;
constexpr int64_t kMaxHbmStride = (int64_t(1) << 32) - 1;

/// Bytes of one element of `type` in HBM (i1 takes a byte).
int64_t storageBytes(Type type) {
  if (type.isInteger(1))
    return 1;
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// The largest divisor of `n` that is at most `limit` (at least 1).
int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t k = std::min(n, std::max<int64_t>(limit, 1)); k > 1; --k)
    if (n % k == 0)
      return k;
  return 1;
}

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// One dimension of an affine copy: its size and the source and result
/// strides, in units.
struct Dim {
  int64_t size;
  int64_t in;
  int64_t out;
};

/// Where a tensor lives in HBM: the address in a register plus a byte
/// offset (a kernel argument, or a constant in the library's pool).
struct Place {
  int reg;
  int64_t offset = 0;
};

/// result[resultOffset + sum i_d out_d] = source[sourceOffset + sum i_d in_d].
struct AffineCopy {
  Place source{0};
  Place result{0};
  /// Bytes of the whole source and result tensors.
  int64_t sourceBytes = 0;
  int64_t resultBytes = 0;
  int64_t sourceOffset = 0; // units
  int64_t resultOffset = 0;
  SmallVector<Dim> dims;
  int64_t unitBytes = 4;
};

/// A copy of elements of `elementBytes` bytes, in element strides.
AffineCopy makeCopy(Place source, Place result, int64_t sourceOffset,
                    int64_t resultOffset, SmallVector<Dim> dims,
                    int64_t elementBytes) {
  AffineCopy copy;
  copy.source = source;
  copy.result = result;
  copy.sourceOffset = sourceOffset;
  copy.resultOffset = resultOffset;
  copy.dims = std::move(dims);
  copy.unitBytes = elementBytes;
  // 8-byte elements are two words; the words of one element are contiguous
  // on both sides.
  if (elementBytes > 4 && elementBytes % 4 == 0) {
    int64_t words = elementBytes / 4;
    for (Dim &dim : copy.dims) {
      dim.in *= words;
      dim.out *= words;
    }
    copy.sourceOffset *= words;
    copy.resultOffset *= words;
    copy.dims.push_back({words, 1, 1});
    copy.unitBytes = 4;
  }
  // Drop size-1 dimensions, merge neighbours contiguous on both sides.
  SmallVector<Dim> merged;
  for (const Dim &dim : copy.dims) {
    if (dim.size == 1)
      continue;
    if (!merged.empty()) {
      Dim &outer = merged.back();
      if (outer.in == dim.in * dim.size && outer.out == dim.out * dim.size) {
        outer = {outer.size * dim.size, dim.in, dim.out};
        continue;
      }
    }
    merged.push_back(dim);
  }
  if (merged.empty())
    merged.push_back({1, 1, 1});
  copy.dims = std::move(merged);
  return copy;
}

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t size : shape)
    n *= size;
  return n;
}

//===----------------------------------------------------------------------===//
// Emission helpers
//===----------------------------------------------------------------------===//

/// Scalar registers taken from the pools for one copy, released at the end.
class ScratchRegisters {
public:
  explicit ScratchRegisters(KernelEnv &env) : env(env) {}
  ~ScratchRegisters() {
    for (int r : scalars)
      env.regs.release(r);
    for (int v : vectors)
      env.regs.releaseVector(v);
    for (int f : flags)
      env.regs.releaseFlag(f);
  }
  int scalar() { return keep(scalars, env.regs.scalar()); }
  int vector() { return keep(vectors, env.regs.vector()); }
  int flag() { return keep(flags, env.regs.flag()); }
  /// A vector register, or -1 (not an error) when none is free.
  int vectorIfFree() {
    int v = env.regs.vector();
    if (v >= 0)
      vectors.push_back(v);
    return v;
  }
  bool failed() const { return outOfRegisters; }

private:
  int keep(SmallVector<int> &list, int r) {
    if (r < 0) {
      outOfRegisters = true;
      return 0;
    }
    list.push_back(r);
    return r;
  }
  KernelEnv &env;
  SmallVector<int> scalars, vectors, flags;
  bool outOfRegisters = false;
};

/// addr = base + offset + sum over `loops` of digit_d(index) * stride_d,
/// digit_d being index's coordinate along loop d (row-major, loops outer to
/// inner). `strideOf` picks the (byte) stride of a loop.
void emitAddress(ProgramBuilder &b, int addr, int base, int64_t offset,
                 ArrayRef<Dim> loops,
                 function_ref<int64_t(const Dim &)> strideOf, int index,
                 int tmp) {
  b.addi(addr, base, offset);
  int64_t inner = 1;
  for (int64_t d = static_cast<int64_t>(loops.size()) - 1; d >= 0; --d) {
    const Dim &loop = loops[d];
    int64_t stride = strideOf(loop);
    if (loop.size > 1 && stride != 0) {
      int src = index;
      if (inner > 1) {
        b.alui(ScalarFunc::Div, tmp, src, inner);
        src = tmp;
      }
      if (d > 0) {
        b.alui(ScalarFunc::Rem, tmp, src, loop.size);
        src = tmp;
      }
      b.alui(ScalarFunc::Mul, tmp, src, stride);
      b.alu(ScalarFunc::Add, addr, addr, tmp);
    }
    inner *= loop.size;
  }
}

/// Emits `count` iterations of `body` (a `loop` with `counter` when count
/// is above 1).
void emitRepeat(ProgramBuilder &b, int counter, int64_t count,
                function_ref<void()> body) {
  if (count <= 0)
    return;
  if (count == 1) {
    body();
    return;
  }
  b.li(counter, count);
  Label top = b.newLabel();
  b.bind(top);
  body();
  b.loop(counter, top);
}

/// A double-buffered sequence of chunks: for chunk c (index in a register)
/// `loads` issues its loads into buffer c % 2 (raising loadFlags[c % 2]
/// `loadsPerChunk` times), `compute` transforms buffer c % 2 in VMEM, and
/// `stores` issues its stores (raising storeFlags[c % 2] `storesPerChunk`
/// times). The loads of c + 1 go out before the code waits for c's.
struct ChunkPipeline {
  /// Shown beside the first instruction after the kernel's first.
  std::string description;
  int64_t chunks;
  int64_t loadsPerChunk;
  int64_t storesPerChunk;
  std::function<void(int chunkReg, int64_t delta, int parity)> loads;
  std::function<void(int parity)> compute;
  std::function<void(int chunkReg, int parity)> stores;
};

void emitPipeline(ProgramBuilder &b, const ChunkPipeline &p,
                  const int loadFlags[2], const int storeFlags[2], int chunkReg,
                  int pairCounter) {
  if (p.chunks <= 0)
    return;
  auto finish = [&](int parity) {
    b.wait(loadFlags[parity], p.loadsPerChunk);
    if (p.compute)
      p.compute(parity);
    p.stores(chunkReg, parity);
  };
  // A chunk 1 <= c <= chunks - 2: its successor exists and c - 1 used the
  // other buffer.
  auto middle = [&](int parity) {
    b.wait(storeFlags[1 - parity], p.storesPerChunk);
    p.loads(chunkReg, 1, 1 - parity);
    finish(parity);
    b.addi(chunkReg, chunkReg, 1);
  };
  b.li(chunkReg, 0);
  b.comment(p.description);
  p.loads(chunkReg, 0, 0);
  if (p.chunks > 1)
    p.loads(chunkReg, 1, 1);
  finish(0);
  if (p.chunks == 1) {
    b.wait(storeFlags[0], p.storesPerChunk);
    return;
  }
  b.addi(chunkReg, chunkReg, 1);
  int64_t middles = p.chunks - 2;
  emitRepeat(b, pairCounter, middles / 2, [&] {
    middle(1);
    middle(0);
  });
  if (middles % 2)
    middle(1);
  int last = static_cast<int>((p.chunks - 1) % 2);
  finish(last);
  b.wait(storeFlags[1 - last], p.storesPerChunk);
  b.wait(storeFlags[last], p.storesPerChunk);
}

/// The same chunks when they all fit in VMEM at once, `loadFlags.size()`
/// of them: every chunk's loads go out first, into a buffer and on a flag
/// of its own; then each chunk is waited for, transformed and stored (all
/// stores on storeFlag, waited at the end).
void emitInFlight(ProgramBuilder &b, const ChunkPipeline &p,
                  ArrayRef<int> loadFlags, int storeFlag, int chunkReg) {
  int slots = static_cast<int>(loadFlags.size());
  for (int c = 0; c < slots; ++c) {
    b.li(chunkReg, c);
    if (c == 0)
      b.comment(p.description);
    p.loads(chunkReg, 0, c);
  }
  for (int c = 0; c < slots; ++c) {
    b.wait(loadFlags[c], p.loadsPerChunk);
    if (p.compute)
      p.compute(c);
    b.li(chunkReg, c);
    p.stores(chunkReg, c);
  }
  b.wait(storeFlag, slots * p.storesPerChunk);
}

/// The number of chunks, a divisor of `units`, for units that all fit one
/// buffer: up to kMaxInFlightChunks.
int64_t inFlightChunks(int64_t units) {
  int64_t chunks = std::min(units, kMaxInFlightChunks);
  while (units % chunks)
    --chunks;
  return chunks;
}

/// The first DMA quantity that is not a multiple of the chip's alignment,
/// described, or nothing.
std::optional<std::string>
misaligned(KernelEnv &env, ArrayRef<std::pair<const char *, int64_t>> items) {
  int64_t alignment = env.chip.hbm.dmaAlignment;
  for (auto [what, value] : items)
    if (value % alignment != 0)
      return (Twine(what) + " of " + Twine(value) +
              " bytes is not a multiple of the chip's " + Twine(alignment) +
              "-byte DMA alignment")
          .str();
  return std::nullopt;
}

/// The VMEM bytes one buffer may take when `count` buffers are needed.
int64_t bufferBytes(KernelEnv &env, int count) {
  int64_t share = env.vmem.available() / count / 64 * 64;
  return std::min(kMaxBufferBytes, share);
}

//===----------------------------------------------------------------------===//
// Affine copies
//===----------------------------------------------------------------------===//

/// Splits `dim` into blocks of `block`: the block stays in `dim`, the
/// number of blocks becomes a loop.
void splitDim(Dim &dim, int64_t block, SmallVector<Dim> &loops) {
  if (block >= dim.size)
    return;
  loops.push_back({dim.size / block, dim.in * block, dim.out * block});
  dim.size = block;
}

/// Elements of `e` bytes move as e / 4 planes of 4-byte words, or e planes
/// of bytes: (plane bytes, planes, vld/vst type).
std::tuple<int64_t, int64_t, ElementType> planesOf(int64_t e) {
  int64_t planeBytes = e % 4 == 0 ? 4 : 1;
  return std::make_tuple(planeBytes, e / planeBytes,
                         planeBytes == 4 ? ElementType::F32 : ElementType::U8);
}
/// A copy (or a fill, or both) whose DMA quantities miss the chip's
/// alignment, done on whole tensors in VMEM: the source and the result
/// are loaded (the result too, so that the bytes the copy does not write,
/// up to the aligned end, are stored back unchanged), the fill and the copy
/// are made by vector stores of exact element ranges, planes of 4-byte
/// words or of bytes (`vlds`/`vsts` of f32 or u8, both bit-exact), and the
/// result is stored whole.
LogicalResult emitStaged(KernelEnv &env, Operation *op, const AffineCopy *copy,
                         Place result, int64_t resultBytes,
                         ArrayRef<uint8_t> fill, const std::string &reason) {
  ProgramBuilder &b = env.b;
  const int S = env.chip.vector.sublanes, L = env.chip.vector.lanes;
  const int64_t alignment = env.chip.hbm.dmaAlignment;
  const int64_t resultDma = roundUp(resultBytes, alignment);
  const int64_t sourceDma = copy ? roundUp(copy->sourceBytes, alignment) : 0;
  int64_t mark = env.vmem.mark();
  int64_t resultBuffer = env.vmem.allocate(roundUp(resultDma, 64));
  int64_t sourceBuffer = copy ? env.vmem.allocate(roundUp(sourceDma, 64)) : 0;
  if (resultDma > kMaxDmaRowBytes || sourceDma > kMaxDmaRowBytes ||
      resultBuffer < 0 || sourceBuffer < 0)
    return env.error(op, "cannot be copied by DMA (" + reason +
                             ") and is too large to stage whole in VMEM");
  ScratchRegisters regs(env);
  int flag = regs.flag(), addr = regs.scalar(), hbm = regs.scalar(),
      index = regs.scalar(), counter = regs.scalar(), tmp = regs.scalar(),
      blocks = regs.scalar(), rowsIn = regs.scalar(), rowsOut = regs.scalar(),
      laneIn = regs.scalar(), laneOut = regs.scalar();
  int vregs[2] = {regs.vector(), regs.vector()};
  if (regs.failed())
    return env.error(op, "needs more registers than are free");

  b.li(addr, resultBuffer);
  b.addi(hbm, result.reg, result.offset);
  b.comment("staged whole in VMEM: " + reason);
  b.dma(DmaFunc::Load, addr, hbm, flag, 1, resultDma, resultDma, resultDma);
  if (copy) {
    b.li(addr, sourceBuffer);
    b.addi(hbm, copy->source.reg, copy->source.offset);
    b.dma(DmaFunc::Load, addr, hbm, flag, 1, sourceDma, sourceDma, sourceDma);
  }
  b.wait(flag, copy ? 2 : 1);

  if (!fill.empty()) {
    const int64_t e = static_cast<int64_t>(fill.size());
    auto [planeBytes, planes, type] = planesOf(e);
    const int64_t count = resultBytes / e;
    for (int64_t p = 0; p < planes; ++p) {
      uint32_t word = 0;
      std::memcpy(&word, fill.data() + p * planeBytes, planeBytes);
      if (planeBytes == 4)
        b.li(tmp, word);
      else
        b.lif(tmp, static_cast<float>(word));
      b.valu(VectorFunc::Splat, vregs[0], 0, 0, 0, tmp);
      b.li(addr, resultBuffer + p * planeBytes);
      emitRepeat(b, counter, count / (S * L), [&] {
        b.vstStrided(vregs[0], addr, L * e, S, L, planes, type);
        b.addi(addr, addr, S * L * e);
      });
      int64_t rest = count % (S * L);
      if (rest / L) {
        b.vstStrided(vregs[0], addr, L * e, rest / L, L, planes, type);
        b.addi(addr, addr, rest / L * L * e);
      }
      if (rest % L)
        b.vstStrided(vregs[0], addr, 0, 1, rest % L, planes, type);
    }
  }

  if (copy) {
    const int64_t e = copy->unitBytes;
    auto [planeBytes, planes, type] = planesOf(e);
    SmallVector<Dim> loops = copy->dims;
    Dim bDim = loops.pop_back_val();
    Dim aDim = loops.empty() ? Dim{1, 0, 0} : loops.pop_back_val();
    int64_t units = 1;
    for (const Dim &loop : loops)
      units *= loop.size;
    // Sublane strides are unsigned: rows walking backwards go one by one.
    const int64_t rowsPer = aDim.in >= 0 && aDim.out >= 0 ? S : 1;
    int which = 0;
    auto rows = [&](int64_t sublanes) {
      for (int64_t j0 = 0; j0 < bDim.size; j0 += L) {
        int64_t lanes = std::min<int64_t>(L, bDim.size - j0);
        for (int64_t p = 0; p < planes; ++p) {
          b.addi(laneIn, rowsIn, j0 * bDim.in * e + p * planeBytes);
          b.addi(laneOut, rowsOut, j0 * bDim.out * e + p * planeBytes);
          b.vldStrided(vregs[which], laneIn, sublanes > 1 ? aDim.in * e : 0,
                       sublanes, lanes, bDim.in * planes, type);
          b.vstStrided(vregs[which], laneOut, sublanes > 1 ? aDim.out * e : 0,
                       sublanes, lanes, bDim.out * planes, type);
          which ^= 1;
        }
      }
    };
    b.li(index, 0);
    emitRepeat(b, counter, units, [&] {
      b.li(rowsIn, sourceBuffer);
      emitAddress(
          b, rowsIn, rowsIn, copy->sourceOffset * e, loops,
          [&](const Dim &d) { return d.in * e; }, index, tmp);
      b.li(rowsOut, resultBuffer);
      emitAddress(
          b, rowsOut, rowsOut, copy->resultOffset * e, loops,
          [&](const Dim &d) { return d.out * e; }, index, tmp);
      emitRepeat(b, blocks, aDim.size / rowsPer, [&] {
        rows(rowsPer);
        b.addi(rowsIn, rowsIn, rowsPer * aDim.in * e);
        b.addi(rowsOut, rowsOut, rowsPer * aDim.out * e);
      });
      if (aDim.size % rowsPer)
        rows(aDim.size % rowsPer);
      if (units > 1)
        b.addi(index, index, 1);
    });
  }

  b.li(addr, resultBuffer);
  b.addi(hbm, result.reg, result.offset);
  b.dma(DmaFunc::Store, addr, hbm, flag, 1, resultDma, resultDma, resultDma);
  b.wait(flag, 1);
  env.vmem.reset(mark);
  return success();
}

LogicalResult emitCopy(KernelEnv &env, Operation *op, const AffineCopy &copy) {
  ProgramBuilder &b = env.b;
  const int S = env.chip.vector.sublanes, L = env.chip.vector.lanes;
  const int64_t u = copy.unitBytes;
  SmallVector<Dim> dims = copy.dims;
  const Dim &last = dims.back();

  enum class Path { Dma, Transposed, Spans } path;
  if (last.in == 1 && last.out == 1)
    path = Path::Dma;
  else if (u == 4 && last.out == 1)
    path = llvm::any_of(ArrayRef(dims).drop_back(),
                        [](const Dim &d) { return d.in == 1; })
               ? Path::Transposed
               : Path::Spans;
  else {
    // Element-granular: each element is a DMA row.
    dims.push_back({1, 1, 1});
    path = Path::Dma;
  }

  // The unit's dimensions a (rows of the result) and b (its innermost).
  Dim bDim = dims.pop_back_val();
  Dim aDim{1, 0, 0};
  if (path == Path::Transposed) {
    auto it = llvm::find_if(llvm::reverse(dims),
                            [](const Dim &d) { return d.in == 1; });
    size_t q = std::distance(it, dims.rend()) - 1;
    aDim = dims[q];
    dims.erase(dims.begin() + q);
  } else if (path == Path::Spans) {
    if (!dims.empty())
      aDim = dims.pop_back_val();
  } else {
    // The rows of a DMA unit: the largest dimension whose source stride a
    // DMA can take (strides are unsigned); the others are loops.
    auto best = dims.end();
    for (auto it = dims.begin(); it != dims.end(); ++it)
      if (it->in >= 0 && (best == dims.end() || it->size > best->size))
        best = it;
    if (best != dims.end()) {
      aDim = *best;
      dims.erase(best);
    }
  }
  SmallVector<Dim> loops = dims;

  int buffersNeeded = path == Path::Dma ? 2 : 4;
  int64_t buffer = bufferBytes(env, buffersNeeded);
  int64_t bufferUnits = buffer / u;
  if (bufferUnits < 1)
    return env.error(op, "does not fit in VMEM");

  // Fit the unit into one buffer and the DMA fields.
  auto spanOf = [&](int64_t count) {
    return path == Path::Spans ? (count - 1) * std::abs(bDim.in) + 1 : count;
  };
  if (path == Path::Dma) {
    splitDim(bDim,
             largestDivisorAtMost(bDim.size,
                                  std::min(bufferUnits, kMaxDmaRowBytes / u)),
             loops);
    splitDim(aDim,
             largestDivisorAtMost(
                 aDim.size, std::min(bufferUnits / bDim.size, kMaxDmaRows)),
             loops);
  } else if (path == Path::Transposed) {
    // Long runs along a (the source's contiguous dimension), then as many
    // rows of b as fit.
    int64_t rowsWanted = std::min<int64_t>(bDim.size, L);
    splitDim(aDim,
             largestDivisorAtMost(
                 aDim.size, std::min(bufferUnits / rowsWanted, kMaxDmaRows)),
             loops);
    splitDim(bDim,
             largestDivisorAtMost(
                 bDim.size, std::min(bufferUnits / aDim.size, kMaxDmaRows)),
             loops);
  } else {
    int64_t block = bDim.size;
    while (block > 1 && spanOf(block) > bufferUnits)
      block = largestDivisorAtMost(bDim.size, block - 1);
    splitDim(bDim, block, loops);
    if (spanOf(bDim.size) > bufferUnits)
      return env.error(op, "reads elements too far apart to stage in VMEM");
    splitDim(
        aDim,
        largestDivisorAtMost(
            aDim.size, std::min(bufferUnits / spanOf(bDim.size), kMaxDmaRows)),
        loops);
  }

  // A copy that is a single unit is cut along a into units that can be in
  // flight together.
  if (loops.empty()) {
    int64_t pieces =
        std::min(kMaxInFlightChunks / 2,
                 aDim.size * bDim.size * u / kMinInFlightChunkBytes);
    if (pieces > 1)
      splitDim(aDim, largestDivisorAtMost(aDim.size, aDim.size / pieces),
               loops);
  }

  // Unit geometry. Source rows and runs for the load DMA, result rows of b
  // elements for the store DMA.
  const int64_t A = aDim.size, B = bDim.size;
  int64_t loadRows, runUnits, rowStride, loadAdjust = 0;
  if (path == Path::Transposed) {
    loadRows = B;
    runUnits = A;
    rowStride = bDim.in;
  } else {
    loadRows = A;
    runUnits = spanOf(B);
    rowStride = aDim.in;
    if (path == Path::Spans && bDim.in < 0)
      loadAdjust += (B - 1) * bDim.in;
  }
  if (rowStride < 0)
    loadAdjust += (loadRows - 1) * rowStride;
  const int64_t runBytes = runUnits * u;
  const int64_t unitInBytes = loadRows * runBytes;
  const int64_t unitOutBytes = A * B * u;
  // In VMEM the unit's element (i, j) of the a x b box sits at word
  // base0 + i * alpha + j * beta (vector paths).
  int64_t alpha = 0, beta = 0, base0 = 0;
  if (path == Path::Transposed) {
    alpha = 1;
    beta = bDim.in < 0 ? -A : A;
    base0 = bDim.in < 0 ? (B - 1) * A : 0;
  } else if (path == Path::Spans) {
    alpha = aDim.in < 0 ? -runUnits : runUnits;
    beta = bDim.in;
    base0 = (aDim.in < 0 ? (A - 1) * runUnits : 0) +
            (bDim.in < 0 ? (B - 1) * -bDim.in : 0);
  }

  SmallVector<std::pair<const char *, int64_t>> quantities = {
      {"a source run", runBytes},
      {"a result row", B * u},
      {"the source offset",
       copy.source.offset + (copy.sourceOffset + loadAdjust) * u},
      {"the result offset", copy.result.offset + copy.resultOffset * u},
      {"a source row stride", std::abs(rowStride) * u},
      {"a result row stride", aDim.out * u}};
  for (const Dim &loop : loops) {
    quantities.push_back({"a source stride", loop.in * u});
    quantities.push_back({"a result stride", loop.out * u});
  }
  if (std::optional<std::string> problem = misaligned(env, quantities))
    return emitStaged(env, op, &copy, copy.result, copy.resultBytes, {},
                      *problem);
  if (std::abs(rowStride) * u > kMaxHbmStride || aDim.out * u > kMaxHbmStride)
    return env.error(op, "has a row stride beyond the DMA's 4 GiB limit");

  int64_t units = 1;
  for (const Dim &loop : loops)
    units *= loop.size;
  int64_t perChunk =
      largestDivisorAtMost(units, std::min(buffer / roundUp(unitInBytes, 64),
                                           buffer / roundUp(unitOutBytes, 64)));
  const int64_t unitInStride = roundUp(unitInBytes, 64);
  const int64_t unitOutStride = roundUp(unitOutBytes, 64);
  // All in one buffer: as many chunks in flight as possible instead (the
  // same VMEM in all).
  const bool inFlight = perChunk == units && units > 1;
  if (inFlight)
    perChunk = units / inFlightChunks(units);
  const int64_t slots = inFlight ? units / perChunk : 2;

  int64_t mark = env.vmem.mark();
  SmallVector<int64_t> inBuffers, outBuffers;
  for (int64_t p = 0; p < slots; ++p) {
    inBuffers.push_back(env.vmem.allocate(perChunk * unitInStride));
    outBuffers.push_back(path == Path::Dma
                             ? inBuffers.back()
                             : env.vmem.allocate(perChunk * unitOutStride));
    if (inBuffers.back() < 0 || outBuffers.back() < 0)
      return env.error(op, "does not fit in VMEM");
  }

  ScratchRegisters regs(env);
  SmallVector<int> loadFlags, storeFlags;
  for (int64_t p = 0; p < slots; ++p)
    loadFlags.push_back(regs.flag());
  storeFlags.push_back(regs.flag());
  storeFlags.push_back(inFlight ? storeFlags[0] : regs.flag());
  int chunkReg = regs.scalar(), pairs = regs.scalar(), index = regs.scalar(),
      counter = regs.scalar(), vmemAddr = regs.scalar(),
      hbmAddr = regs.scalar(), tmp = regs.scalar();
  if (regs.failed())
    return env.error(op, "needs more scalar registers or flags than are free");

  // Runs `body` for each unit of the chunk in `chunkReg` + delta with
  // `index` = the unit's flat index and `vmemAddr` its VMEM place.
  auto forEachUnit = [&](int chunk, int64_t delta, int64_t vmemBase,
                         int64_t vmemStride, function_ref<void()> body) {
    if (!loops.empty()) {
      b.alui(ScalarFunc::Mul, index, chunk, perChunk);
      if (delta)
        b.addi(index, index, delta * perChunk);
    }
    b.li(vmemAddr, vmemBase);
    emitRepeat(b, counter, perChunk, [&] {
      body();
      if (perChunk > 1) {
        if (!loops.empty())
          b.addi(index, index, 1);
        b.addi(vmemAddr, vmemAddr, vmemStride);
      }
    });
  };

  ChunkPipeline pipeline;
  pipeline.chunks = units / perChunk;
  pipeline.loadsPerChunk = perChunk;
  pipeline.storesPerChunk = perChunk;
  pipeline.loads = [&](int chunk, int64_t delta, int parity) {
    forEachUnit(chunk, delta, inBuffers[parity], unitInStride, [&] {
      emitAddress(
          b, hbmAddr, copy.source.reg,
          copy.source.offset + (copy.sourceOffset + loadAdjust) * u, loops,
          [&](const Dim &d) { return d.in * u; }, index, tmp);
      b.dma(DmaFunc::Load, vmemAddr, hbmAddr, loadFlags[parity], loadRows,
            runBytes, runBytes, std::abs(rowStride) * u);
    });
  };
  pipeline.stores = [&](int chunk, int parity) {
    forEachUnit(chunk, 0, outBuffers[parity], unitOutStride, [&] {
      emitAddress(
          b, hbmAddr, copy.result.reg,
          copy.result.offset + copy.resultOffset * u, loops,
          [&](const Dim &d) { return d.out * u; }, index, tmp);
      b.dma(DmaFunc::Store, vmemAddr, hbmAddr,
            storeFlags[inFlight ? 0 : parity], A, B * u, B * u, aDim.out * u);
    });
  };

  if (path != Path::Dma) {
    int rowsIn = regs.scalar(), rowsOut = regs.scalar(), blocks = regs.scalar(),
        laneAddrIn = regs.scalar(), laneAddrOut = regs.scalar(),
        unitCounter = regs.scalar();
    int vregs[2] = {regs.vector(), regs.vector()};
    if (regs.failed())
      return env.error(op, "needs more registers than are free");
    // A transpose whose source rows run forwards goes through x.transpose
    // in L x L blocks held in L / S consecutive registers: contiguous loads
    // and stores instead of a lane-strided load per S rows.
    SmallVector<int> tile;
    if (path == Path::Transposed && beta > 0 && L % S == 0) {
      for (int r = 0; r < L / S; ++r) {
        int v = regs.vectorIfFree();
        if (v < 0 || (r > 0 && v != tile[0] + r))
          break;
        tile.push_back(v);
      }
    }
    const bool useTranspose = tile.size() == static_cast<size_t>(L / S);
    // Sublanes per load: rows read backwards go one at a time (the
    // sublane stride is unsigned).
    const int64_t rowsPerLoad = alpha >= 0 ? S : 1;
    auto transposeUnit = [&, rowsIn, rowsOut, blocks, laneAddrIn, laneAddrOut,
                          tile] {
      // Source element (i, j) at i + j * A, result element at i * B + j;
      // laneAddrIn / laneAddrOut address (i0, j0) of the block.
      auto block = [&](int64_t columns, int64_t rows) {
        for (int64_t r = 0; r * S < rows; ++r) {
          int src = laneAddrIn;
          if (r) {
            b.addi(tmp, laneAddrIn, r * S * A * 4);
            src = tmp;
          }
          b.vld(tile[r], src, A * 4, std::min<int64_t>(S, rows - r * S),
                columns);
        }
        b.xlane(CrossLaneFunc::Transpose, tile[0], tile[0]);
        for (int64_t r = 0; r * S < columns; ++r) {
          int dst = laneAddrOut;
          if (r) {
            b.addi(tmp, laneAddrOut, r * S * B * 4);
            dst = tmp;
          }
          b.vst(tile[r], dst, B * 4, std::min<int64_t>(S, columns - r * S),
                rows);
        }
      };
      auto blockRow = [&](int64_t columns) {
        b.addi(laneAddrIn, rowsIn, 0);
        b.addi(laneAddrOut, rowsOut, 0);
        emitRepeat(b, index, B / L, [&] {
          block(columns, L);
          b.addi(laneAddrIn, laneAddrIn, L * A * 4);
          b.addi(laneAddrOut, laneAddrOut, L * 4);
        });
        if (B % L)
          block(columns, B % L);
      };
      emitRepeat(b, blocks, A / L, [&] {
        blockRow(L);
        b.addi(rowsIn, rowsIn, L * 4);
        b.addi(rowsOut, rowsOut, L * B * 4);
      });
      if (A % L)
        blockRow(A % L);
    };
    // Runs after this block ends (emitPipeline below): everything declared
    // in the block is captured by value.
    pipeline.compute = [&, rowsIn, rowsOut, blocks, laneAddrIn, laneAddrOut,
                        unitCounter, transposeUnit, useTranspose, rowsPerLoad,
                        vregs](int parity) {
      int which = 0;
      auto rows = [&](int64_t sublanes) {
        for (int64_t j0 = 0; j0 < B; j0 += L) {
          int64_t lanes = std::min<int64_t>(L, B - j0);
          int src = rowsIn, dst = rowsOut;
          if (j0) {
            b.addi(laneAddrIn, rowsIn, j0 * beta * 4);
            b.addi(laneAddrOut, rowsOut, j0 * 4);
            src = laneAddrIn;
            dst = laneAddrOut;
          }
          b.vldStrided(vregs[which], src, sublanes > 1 ? alpha * 4 : 0,
                       sublanes, lanes, beta);
          b.vst(vregs[which], dst, B * 4, sublanes, lanes);
          which ^= 1;
        }
      };
      b.li(vmemAddr, inBuffers[parity] + base0 * 4);
      b.li(hbmAddr, outBuffers[parity]);
      emitRepeat(b, unitCounter, perChunk, [&] {
        b.addi(rowsIn, vmemAddr, 0);
        b.addi(rowsOut, hbmAddr, 0);
        if (useTranspose) {
          transposeUnit();
        } else {
          emitRepeat(b, blocks, A / rowsPerLoad, [&] {
            rows(rowsPerLoad);
            b.addi(rowsIn, rowsIn, rowsPerLoad * alpha * 4);
            b.addi(rowsOut, rowsOut, rowsPerLoad * B * 4);
          });
          if (A % rowsPerLoad)
            rows(A % rowsPerLoad);
        }
        if (perChunk > 1) {
          b.addi(vmemAddr, vmemAddr, unitInStride);
          b.addi(hbmAddr, hbmAddr, unitOutStride);
        }
      });
    };
  }

  pipeline.description = path == Path::Dma ? "copy by DMA"
                         : path == Path::Transposed
                             ? "transpose through VMEM"
                             : "strided copy through VMEM";
  if (inFlight) {
    emitInFlight(b, pipeline, loadFlags, storeFlags[0], chunkReg);
  } else {
    emitPipeline(b, pipeline, loadFlags.data(), storeFlags.data(), chunkReg,
                 pairs);
  }
  env.vmem.reset(mark);
  return success();
}

//===----------------------------------------------------------------------===//
// Ops to copies
//===----------------------------------------------------------------------===//

/// The bytes of a constant as HBM holds its tensor (i1 as one byte each).
FailureOr<std::vector<uint8_t>> constantBytes(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  Type elementType = type.getElementType();
  int64_t e = storageBytes(elementType);
  int64_t count = type.getNumElements();
  std::vector<uint8_t> bytes(count * e);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || elementType.isInteger(1) ||
        blob->getData().size() != bytes.size())
      return failure();
    std::memcpy(bytes.data(), blob->getData().data(), bytes.size());
    return bytes;
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return failure();
  if (elementType.isInteger(1)) {
    int64_t i = 0;
    for (bool value : dense.getValues<bool>())
      bytes[i++] = value;
    return bytes;
  }
  ArrayRef<char> raw = dense.getRawData();
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(bytes.data() + i * e,
                raw.data() + (dense.isSplat() ? 0 : i * e), e);
  return bytes;
}

/// Where the kernel keeps `value`: an argument, a result, or a constant of
/// the kernel (copied into the library's constants).
FailureOr<Place> placeOf(KernelEnv &env, Operation *op, Value value) {
  if (auto constant = value.getDefiningOp<loom::ConstantOp>()) {
    FailureOr<std::vector<uint8_t>> bytes = constantBytes(constant.getValue());
    if (failed(bytes)) {
      (void)env.error(op, "reads a constant whose elements cannot be read");
      return failure();
    }
    return Place{KernelEnv::kConstantsRegister,
                 env.constants.add(bytes->data(), bytes->size())};
  }
  int argument = env.argumentOf(value);
  if (argument < 0) {
    (void)env.error(op, "reads or writes a value that is not a kernel "
                        "argument, result or constant (only single-op "
                        "kernels are generated)");
    return failure();
  }
  return Place{KernelEnv::argumentRegister(argument)};
}

LogicalResult emitFill(KernelEnv &env, Operation *op, Place result,
                       ArrayRef<uint8_t> element) {
  ProgramBuilder &b = env.b;
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  const int64_t e = static_cast<int64_t>(element.size());
  const int64_t total = numElements(type.getShape()) * e;
  if (total == 0)
    return success();
  // The buffer holds whole elements and whole words.
  int64_t granule = std::max<int64_t>(
      {e, 4, static_cast<int64_t>(env.chip.hbm.dmaAlignment)});
  if (granule % e || granule % 4)
    return env.error(op, "cannot fill with the chip's DMA alignment");
  int64_t bufferLimit = std::min<int64_t>(64 << 10, bufferBytes(env, 1));
  int64_t fill = std::min(total, bufferLimit) / granule * granule;
  if (fill == 0)
    fill = granule;
  int64_t mark = env.vmem.mark();
  const int S = env.chip.vector.sublanes, L = env.chip.vector.lanes;
  // Whole tiles of 2 x S x L words: the last vst may write past `fill`.
  int64_t fillWords = roundUp(fill, 4) / 4;
  int64_t tileWords = 2 * S * L;
  int64_t buffer = env.vmem.allocate(roundUp(fillWords, tileWords) * 4);
  if (buffer < 0)
    return env.error(op, "does not fit in VMEM");
  ScratchRegisters regs(env);
  int flag = regs.flag(), addr = regs.scalar(), value = regs.scalar(),
      counter = regs.scalar(), v0 = regs.vector(), v1 = regs.vector();
  if (regs.failed())
    return env.error(op, "needs more registers than are free");
  // The words of one element (two when it has 8 bytes), each a splat.
  uint32_t words[2];
  for (int w = 0; w < 2; ++w) {
    uint8_t bytes[4];
    for (int i = 0; i < 4; ++i)
      bytes[i] = element[(w * 4 + i) % e];
    std::memcpy(&words[w], bytes, 4);
  }
  b.li(value, words[0]);
  b.comment("fill with the padding value");
  b.valu(VectorFunc::Splat, v0, 0, 0, 0, value);
  b.li(value, words[1]);
  b.valu(VectorFunc::Splat, v1, 0, 0, 0, value);
  // Every word w of the buffer gets words[w % 2] (the same word twice for
  // elements of at most 4 bytes).
  for (int64_t w0 = 0; w0 < fillWords; w0 += tileWords) {
    int64_t pairsLeft = (std::min(tileWords, fillWords - w0) + 1) / 2;
    int64_t sublanes = std::min<int64_t>(S, (pairsLeft + L - 1) / L);
    int64_t lanes = std::min<int64_t>(L, pairsLeft);
    for (int w = 0; w < 2; ++w) {
      b.li(addr, buffer + (w0 + w) * 4);
      b.vstStrided(w ? v1 : v0, addr, 2 * L * 4, sublanes, lanes, 2);
    }
  }
  int64_t full = total / fill, tail = total % fill;
  b.li(value, buffer);
  b.addi(addr, result.reg, result.offset);
  emitRepeat(b, counter, full, [&] {
    b.dma(DmaFunc::Store, value, addr, flag, 1, fill, fill, fill);
    b.addi(addr, addr, fill);
  });
  if (tail)
    b.dma(DmaFunc::Store, value, addr, flag, 1, tail, tail, tail);
  b.wait(flag, full + (tail ? 1 : 0));
  env.vmem.reset(mark);
  return success();
}

/// The bytes of a pad's value in the result's element type, as the
/// evaluator rounds it (APFloat to the type for floats, a truncating cast
/// for integers, nonzero for i1).
SmallVector<uint8_t> padElement(loom::PadOp op) {
  Type type = getElementTypeOrSelf(op.getType());
  int64_t e = storageBytes(type);
  SmallVector<uint8_t> bytes(e, 0);
  uint64_t bits = 0;
  if (auto floatType = dyn_cast<FloatType>(type)) {
    llvm::APFloat value = op.getValue();
    bool losesInfo;
    value.convert(floatType.getFloatSemantics(),
                  llvm::APFloat::rmNearestTiesToEven, &losesInfo);
    bits = value.bitcastToAPInt().getZExtValue();
  } else if (type.isInteger(1)) {
    bits = op.getValue().convertToDouble() != 0;
  } else {
    bits = static_cast<uint64_t>(
        static_cast<int64_t>(op.getValue().convertToDouble()));
  }
  for (int64_t i = 0; i < e; ++i)
    bytes[i] = static_cast<uint8_t>(bits >> (8 * i));
  return bytes;
}

/// One piece of a dimension's source map (the source position of every
/// result position): from result position `start` on, the box of `dims`
/// (strides in positions) reads from source position `from` on.
struct MapPiece {
  int64_t start;
  int64_t from;
  SmallVector<Dim, 2> dims;
};

/// `map` as one piece when it is affine, or affine in blocks of k (x / k
/// and x % k stepping evenly: a nearest upsample by k), else as the runs
/// that step evenly.
SmallVector<MapPiece> mapPieces(ArrayRef<int64_t> map) {
  const int64_t n = static_cast<int64_t>(map.size());
  const int64_t inner = n > 1 ? map[1] - map[0] : 0;
  for (int64_t k = 1; k <= std::min<int64_t>(n, 64); ++k) {
    if (n % k)
      continue;
    const int64_t outer = k < n ? map[k] - map[0] : 0;
    bool fits = true;
    for (int64_t x = 0; x < n && fits; ++x)
      fits = map[x] == map[0] + x / k * outer + x % k * inner;
    if (fits)
      return {MapPiece{0, map[0], {{n / k, outer, k}, {k, inner, 1}}}};
  }
  SmallVector<MapPiece> pieces;
  for (int64_t j = 0; j < n;) {
    int64_t length = 1, step = 0;
    if (j + 1 < n) {
      step = map[j + 1] - map[j];
      while (j + length < n && map[j + length] - map[j + length - 1] == step)
        ++length;
    }
    pieces.push_back({j, map[j], {{length, step, 1}}});
    j += length;
  }
  return pieces;
}

/// The affine copies of result[i] = source[sum_d maps_d[i_d] * inStrides_d]
/// (one per combination of the dimensions' pieces), or none when there would
/// be more than `maxCopies`.
std::optional<SmallVector<AffineCopy>> mappedCopies(
    ArrayRef<SmallVector<int64_t>> maps, ArrayRef<int64_t> inStrides,
    ArrayRef<int64_t> outStrides, int64_t maxCopies,
    function_ref<AffineCopy(int64_t, int64_t, SmallVector<Dim>)> copyOf) {
  SmallVector<SmallVector<MapPiece>> pieces;
  int64_t combinations = 1;
  for (ArrayRef<int64_t> map : maps) {
    pieces.push_back(mapPieces(map));
    combinations *= static_cast<int64_t>(pieces.back().size());
    if (combinations > maxCopies)
      return std::nullopt;
  }
  SmallVector<AffineCopy> copies;
  SmallVector<size_t> pick(pieces.size(), 0);
  while (true) {
    SmallVector<Dim> dims;
    int64_t inOffset = 0, outOffset = 0;
    for (size_t d = 0; d < pieces.size(); ++d) {
      const MapPiece &piece = pieces[d][pick[d]];
      inOffset += piece.from * inStrides[d];
      outOffset += piece.start * outStrides[d];
      for (const Dim &dim : piece.dims)
        dims.push_back(
            {dim.size, dim.in * inStrides[d], dim.out * outStrides[d]});
    }
    copies.push_back(copyOf(inOffset, outOffset, std::move(dims)));
    size_t d = pieces.size();
    while (d > 0 && ++pick[d - 1] == pieces[d - 1].size())
      pick[--d] = 0;
    if (d == 0)
      return copies;
  }
}

LogicalResult generateCopyOp(KernelEnv &env, Operation *op) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType.hasStaticShape())
    return env.error(op, "has a dynamic result shape");
  for (Value operand : op->getOperands())
    if (!cast<RankedTensorType>(operand.getType()).hasStaticShape())
      return env.error(op, "has a dynamic operand shape");
  FailureOr<Place> result = placeOf(env, op, op->getResult(0));
  if (failed(result))
    return failure();
  SmallVector<Place> sources;
  for (Value operand : op->getOperands()) {
    FailureOr<Place> source = placeOf(env, op, operand);
    if (failed(source))
      return failure();
    sources.push_back(*source);
  }
  ArrayRef<int64_t> outShape = resultType.getShape();
  SmallVector<int64_t> outStrides = rowMajorStrides(outShape);
  int64_t e = storageBytes(resultType.getElementType());
  if (numElements(outShape) == 0)
    return success();

  auto inputShape = [&](unsigned i) {
    return cast<RankedTensorType>(op->getOperand(i).getType()).getShape();
  };
  const int64_t resultBytes = numElements(outShape) * e;
  // Operand `i` copied into the result.
  auto copyOf = [&](unsigned i, int64_t sourceOffset, int64_t resultOffset,
                    SmallVector<Dim> dims) {
    AffineCopy copy = makeCopy(sources[i], *result, sourceOffset, resultOffset,
                               std::move(dims), e);
    copy.sourceBytes = numElements(inputShape(i)) * e;
    copy.resultBytes = resultBytes;
    return copy;
  };
  auto single = [&](SmallVector<Dim> dims, int64_t offset) {
    return emitCopy(env, op, copyOf(0, offset, 0, std::move(dims)));
  };

  if (isa<loom::ReshapeOp>(op))
    return single({{numElements(outShape), 1, 1}}, 0);

  if (auto transpose = dyn_cast<loom::TransposeOp>(op)) {
    SmallVector<int64_t> inStrides = rowMajorStrides(inputShape(0));
    SmallVector<Dim> dims;
    for (auto [d, from] : llvm::enumerate(transpose.getPermutation()))
      dims.push_back({outShape[d], inStrides[from], outStrides[d]});
    return single(std::move(dims), 0);
  }

  if (auto slice = dyn_cast<loom::SliceOp>(op)) {
    SmallVector<int64_t> inStrides = rowMajorStrides(inputShape(0));
    SmallVector<Dim> dims;
    int64_t offset = 0;
    for (size_t d = 0; d < outShape.size(); ++d) {
      offset += slice.getOffsets()[d] * inStrides[d];
      dims.push_back(
          {outShape[d], slice.getSteps()[d] * inStrides[d], outStrides[d]});
    }
    return single(std::move(dims), offset);
  }

  if (isa<loom::BroadcastToOp, loom::ExpandOp>(op)) {
    ArrayRef<int64_t> inShape = inputShape(0);
    SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
    // The result dimension of each input dimension.
    SmallVector<int64_t> placed;
    if (auto expand = dyn_cast<loom::ExpandOp>(op))
      placed.assign(expand.getDims().begin(), expand.getDims().end());
    else
      for (size_t i = 0; i < inShape.size(); ++i)
        placed.push_back(outShape.size() - inShape.size() + i);
    SmallVector<Dim> dims;
    for (size_t d = 0; d < outShape.size(); ++d)
      dims.push_back({outShape[d], 0, outStrides[d]});
    for (auto [i, d] : llvm::enumerate(placed))
      if (inShape[i] != 1)
        dims[d].in = inStrides[i];
    return single(std::move(dims), 0);
  }

  if (auto concat = dyn_cast<loom::ConcatOp>(op)) {
    int64_t axis = concat.getAxis(), at = 0;
    for (unsigned i = 0; i < op->getNumOperands(); ++i) {
      ArrayRef<int64_t> inShape = inputShape(i);
      SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
      if (numElements(inShape) != 0) {
        SmallVector<Dim> dims;
        for (size_t d = 0; d < inShape.size(); ++d)
          dims.push_back({inShape[d], inStrides[d], outStrides[d]});
        if (failed(emitCopy(
                env, op, copyOf(i, 0, at * outStrides[axis], std::move(dims)))))
          return failure();
      }
      at += inShape[axis];
    }
    return success();
  }

  if (auto pad = dyn_cast<loom::PadOp>(op)) {
    ArrayRef<int64_t> inShape = inputShape(0);
    if (pad.getMode() != loom::PadMode::constant) {
      // Edge and reflect padding: along each dimension the evaluator's
      // source position of every result position, cut into pieces (a
      // border repeats or mirrors, the interior counts up); each
      // combination of pieces is an affine copy.
      SmallVector<SmallVector<int64_t>> maps;
      for (size_t d = 0; d < inShape.size(); ++d) {
        int64_t size = inShape[d], low = pad.getLow()[d];
        SmallVector<int64_t> &map = maps.emplace_back();
        for (int64_t j = 0; j < outShape[d]; ++j) {
          int64_t p = j - low;
          if (p < 0 || p >= size)
            p = pad.getMode() == loom::PadMode::edge
                    ? (p < 0 ? 0 : size - 1)
                    : (p < 0 ? -p : 2 * (size - 1) - p);
          map.push_back(p);
        }
      }
      std::optional<SmallVector<AffineCopy>> copies =
          mappedCopies(maps, rowMajorStrides(inShape), outStrides,
                       std::numeric_limits<int64_t>::max(),
                       [&](int64_t in, int64_t out, SmallVector<Dim> dims) {
                         return copyOf(0, in, out, std::move(dims));
                       });
      for (const AffineCopy &copy : *copies)
        if (failed(emitCopy(env, op, copy)))
          return failure();
      return success();
    }
    SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
    bool interior = true, padded = false;
    SmallVector<Dim> dims;
    int64_t inOffset = 0, outOffset = 0;
    for (size_t d = 0; d < inShape.size(); ++d) {
      int64_t low = pad.getLow()[d], high = pad.getHigh()[d];
      padded |= low > 0 || high > 0;
      int64_t skipLow = std::max<int64_t>(0, -low);
      int64_t count = inShape[d] - skipLow - std::max<int64_t>(0, -high);
      interior &= count > 0;
      inOffset += skipLow * inStrides[d];
      outOffset += std::max<int64_t>(0, low) * outStrides[d];
      dims.push_back({count, inStrides[d], outStrides[d]});
    }
    AffineCopy copy = copyOf(0, inOffset, outOffset, std::move(dims));
    if (padded) {
      // A fill that DMA cannot write exactly is made in VMEM, with the
      // copy.
      if (std::optional<std::string> problem =
              misaligned(env, {{"the result", resultBytes}}))
        return emitStaged(env, op, interior ? &copy : nullptr, *result,
                          resultBytes, padElement(pad), *problem);
      if (failed(emitFill(env, op, *result, padElement(pad))))
        return failure();
    }
    if (!interior)
      return success();
    return emitCopy(env, op, copy);
  }
  return env.error(op, "is not a data-movement op");
}

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

/// position = the index at VMEM `indexAddr` (i64 or i32), wrapped when
/// negative; jumps to `outOfRange` when still outside [0, axisSize).
void emitIndex(ProgramBuilder &b, int position, int indexAddr,
               int64_t indexBytes, int64_t axisSize, int zero, int limit,
               Label outOfRange) {
  if (indexBytes == 8)
    b.sld(position, indexAddr);
  else
    b.sld32(position, indexAddr);
  Label positive = b.newLabel();
  b.branch(BranchFunc::Ge, position, zero, positive);
  b.addi(position, position, axisSize);
  b.bind(positive);
  b.branch(BranchFunc::Lt, position, zero, outOfRange);
  b.branch(BranchFunc::Ge, position, limit, outOfRange);
}

/// The end of a gather: the out-of-range block, jumped over.
void emitOutOfRange(ProgramBuilder &b, Label outOfRange, int position,
                    int zero) {
  Label done = b.newLabel();
  b.jump(done);
  b.bind(outOfRange);
  b.comment("gather index out of range: stop the run");
  b.alu(ScalarFunc::Div, position, position, zero);
  b.bind(done);
}

/// A gather whose rows DMA cannot move at the chip's alignment: the data,
/// the indices and the result staged whole in VMEM (the result loaded
/// first, as emitStaged does), each index's rows copied by u8 vector loads
/// and stores.
LogicalResult emitStagedGather(KernelEnv &env, Operation *op, Place data,
                               Place indices, Place result, int64_t outer,
                               int64_t axisSize, int64_t rowBytes,
                               int64_t count, int64_t indexBytes,
                               const std::string &reason) {
  ProgramBuilder &b = env.b;
  const int S = env.chip.vector.sublanes, L = env.chip.vector.lanes;
  const int64_t alignment = env.chip.hbm.dmaAlignment;
  const int64_t dataDma = roundUp(outer * axisSize * rowBytes, alignment);
  const int64_t indexDma = roundUp(count * indexBytes, alignment);
  const int64_t resultDma = roundUp(outer * count * rowBytes, alignment);
  int64_t mark = env.vmem.mark();
  int64_t dataBuffer = env.vmem.allocate(roundUp(dataDma, 64));
  int64_t indexBuffer = env.vmem.allocate(roundUp(indexDma, 64));
  int64_t resultBuffer = env.vmem.allocate(roundUp(resultDma, 64));
  if (std::max({dataDma, indexDma, resultDma}) > kMaxDmaRowBytes ||
      dataBuffer < 0 || indexBuffer < 0 || resultBuffer < 0)
    return env.error(op, "cannot be copied by DMA (" + reason +
                             ") and is too large to stage whole in VMEM");
  ScratchRegisters regs(env);
  int flag = regs.flag(), addr = regs.scalar(), hbm = regs.scalar(),
      zero = regs.scalar(), limit = regs.scalar(), position = regs.scalar(),
      indexAddr = regs.scalar(), rowOut = regs.scalar(),
      counter = regs.scalar(), blocks = regs.scalar(), src = regs.scalar(),
      dst = regs.scalar(), laneIn = regs.scalar(), laneOut = regs.scalar();
  int vregs[2] = {regs.vector(), regs.vector()};
  if (regs.failed())
    return env.error(op, "needs more registers than are free");
  Label outOfRange = b.newLabel();

  b.li(zero, 0);
  b.li(limit, axisSize);
  const std::pair<Place, std::pair<int64_t, int64_t>> loads[] = {
      {result, {resultBuffer, resultDma}},
      {data, {dataBuffer, dataDma}},
      {indices, {indexBuffer, indexDma}}};
  b.comment("staged whole in VMEM: " + reason);
  for (const auto &[place, where] : loads) {
    b.li(addr, where.first);
    b.addi(hbm, place.reg, place.offset);
    b.dma(DmaFunc::Load, addr, hbm, flag, 1, where.second, where.second,
          where.second);
  }
  b.wait(flag, 3);

  int which = 0;
  auto rows = [&](int64_t sublanes) {
    for (int64_t j0 = 0; j0 < rowBytes; j0 += L) {
      int64_t lanes = std::min<int64_t>(L, rowBytes - j0);
      b.addi(laneIn, src, j0);
      b.addi(laneOut, dst, j0);
      b.vld(vregs[which], laneIn, axisSize * rowBytes, sublanes, lanes,
            ElementType::U8);
      b.vst(vregs[which], laneOut, count * rowBytes, sublanes, lanes,
            ElementType::U8);
      which ^= 1;
    }
  };
  b.li(indexAddr, indexBuffer);
  b.li(rowOut, resultBuffer);
  emitRepeat(b, counter, count, [&] {
    emitIndex(b, position, indexAddr, indexBytes, axisSize, zero, limit,
              outOfRange);
    b.alui(ScalarFunc::Mul, src, position, rowBytes);
    b.addi(src, src, dataBuffer);
    b.addi(dst, rowOut, 0);
    emitRepeat(b, blocks, outer / S, [&] {
      rows(S);
      b.addi(src, src, S * axisSize * rowBytes);
      b.addi(dst, dst, S * count * rowBytes);
    });
    if (outer % S)
      rows(outer % S);
    b.addi(indexAddr, indexAddr, indexBytes);
    b.addi(rowOut, rowOut, rowBytes);
  });
  b.li(addr, resultBuffer);
  b.addi(hbm, result.reg, result.offset);
  b.dma(DmaFunc::Store, addr, hbm, flag, 1, resultDma, resultDma, resultDma);
  b.wait(flag, 1);
  emitOutOfRange(b, outOfRange, position, zero);
  env.vmem.reset(mark);
  return success();
}

LogicalResult generateGather(KernelEnv &env, loom::GatherOp op) {
  ProgramBuilder &b = env.b;
  auto dataType = cast<RankedTensorType>(op.getData().getType());
  auto indexType = cast<RankedTensorType>(op.getIndices().getType());
  if (!dataType.hasStaticShape() || !indexType.hasStaticShape())
    return env.error(op, "has a dynamic shape");
  FailureOr<Place> data = placeOf(env, op, op.getData());
  FailureOr<Place> indices = placeOf(env, op, op.getIndices());
  FailureOr<Place> result = placeOf(env, op, op.getResult());
  if (failed(data) || failed(indices) || failed(result))
    return failure();

  ArrayRef<int64_t> shape = dataType.getShape();
  int64_t axis = op.getAxis();
  int64_t outer = numElements(shape.take_front(axis));
  int64_t inner = numElements(shape.drop_front(axis + 1));
  int64_t axisSize = shape[axis];
  int64_t count = numElements(indexType.getShape());
  int64_t indexBytes = storageBytes(indexType.getElementType());
  int64_t rowBytes = inner * storageBytes(dataType.getElementType());
  if (outer == 0 || count == 0 || rowBytes == 0)
    return success();
  int64_t alignment = env.chip.hbm.dmaAlignment;
  if (std::optional<std::string> problem =
          misaligned(env, {{"a gathered row", rowBytes},
                           {"the data's outer stride", axisSize * rowBytes},
                           {"the result's outer stride", count * rowBytes}}))
    return emitStagedGather(env, op, *data, *indices, *result, outer, axisSize,
                            rowBytes, count, indexBytes, *problem);
  if (outer > kMaxDmaRows)
    return env.error(op, "gathers along an axis with more than 65535 outer "
                         "rows");
  int64_t indexDma = roundUp(count * indexBytes, alignment);
  if (indexDma > kMaxDmaRowBytes)
    return env.error(op, "has more indices than one DMA can load");

  int64_t mark = env.vmem.mark();
  int64_t indexBuffer = env.vmem.allocate(roundUp(indexDma, 64));
  int64_t buffer = bufferBytes(env, 2);
  int64_t perChunk = largestDivisorAtMost(count, buffer / (outer * rowBytes));
  if (indexBuffer < 0 || outer * rowBytes > buffer ||
      perChunk * rowBytes > kMaxDmaRowBytes)
    return env.error(op, "does not fit in VMEM");
  const bool inFlight = perChunk == count && count > 1;
  if (inFlight)
    perChunk = count / inFlightChunks(count);
  const int64_t slots = inFlight ? count / perChunk : 2;
  SmallVector<int64_t> buffers;
  for (int64_t p = 0; p < slots; ++p) {
    buffers.push_back(env.vmem.allocate(perChunk * outer * rowBytes));
    if (buffers.back() < 0)
      return env.error(op, "does not fit in VMEM");
  }

  ScratchRegisters regs(env);
  SmallVector<int> loadFlags, storeFlags;
  for (int64_t p = 0; p < slots; ++p)
    loadFlags.push_back(regs.flag());
  storeFlags.push_back(regs.flag());
  storeFlags.push_back(inFlight ? storeFlags[0] : regs.flag());
  int chunkReg = regs.scalar(), pairs = regs.scalar(), zero = regs.scalar(),
      indexAddr = regs.scalar(), position = regs.scalar(),
      counter = regs.scalar(), vmemAddr = regs.scalar(),
      hbmAddr = regs.scalar(), limit = regs.scalar();
  if (regs.failed())
    return env.error(op, "needs more scalar registers or flags than are free");
  Label outOfRange = b.newLabel();

  b.li(zero, 0);
  b.li(limit, axisSize);
  b.li(vmemAddr, indexBuffer);
  b.addi(hbmAddr, indices->reg, indices->offset);
  b.comment("load the indices");
  b.dma(DmaFunc::Load, vmemAddr, hbmAddr, loadFlags[0], 1, indexDma, indexDma,
        indexDma);
  b.wait(loadFlags[0], 1);

  ChunkPipeline pipeline;
  pipeline.chunks = count / perChunk;
  pipeline.loadsPerChunk = perChunk;
  pipeline.storesPerChunk = 1;
  pipeline.loads = [&](int chunk, int64_t delta, int parity) {
    b.alui(ScalarFunc::Mul, indexAddr, chunk, perChunk * indexBytes);
    b.addi(indexAddr, indexAddr, indexBuffer + delta * perChunk * indexBytes);
    b.li(vmemAddr, buffers[parity]);
    emitRepeat(b, counter, perChunk, [&] {
      emitIndex(b, position, indexAddr, indexBytes, axisSize, zero, limit,
                outOfRange);
      b.alui(ScalarFunc::Mul, position, position, rowBytes);
      if (data->offset)
        b.addi(position, position, data->offset);
      b.alu(ScalarFunc::Add, hbmAddr, data->reg, position);
      b.dma(DmaFunc::Load, vmemAddr, hbmAddr, loadFlags[parity], outer,
            rowBytes, perChunk * rowBytes, axisSize * rowBytes);
      if (perChunk > 1) {
        b.addi(indexAddr, indexAddr, indexBytes);
        b.addi(vmemAddr, vmemAddr, rowBytes);
      }
    });
  };
  pipeline.stores = [&](int chunk, int parity) {
    b.alui(ScalarFunc::Mul, hbmAddr, chunk, perChunk * rowBytes);
    b.alu(ScalarFunc::Add, hbmAddr, hbmAddr, result->reg);
    b.li(vmemAddr, buffers[parity]);
    b.dma(DmaFunc::Store, vmemAddr, hbmAddr, storeFlags[inFlight ? 0 : parity],
          outer, perChunk * rowBytes, perChunk * rowBytes, count * rowBytes);
  };
  pipeline.description = "gather rows";
  if (inFlight)
    emitInFlight(b, pipeline, loadFlags, storeFlags[0], chunkReg);
  else
    emitPipeline(b, pipeline, loadFlags.data(), storeFlags.data(), chunkReg,
                 pairs);
  emitOutOfRange(b, outOfRange, position, zero);
  env.vmem.reset(mark);
  return success();
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

/// Result elements of a resize unrolled per element (or per run of lanes).
constexpr int64_t kMaxResizeElements = 16384;
/// Affine copies a nearest resize may take before it is unrolled instead.
constexpr int64_t kMaxResizeCopies = 16;

/// loom.resize with its taps tabulated at compile time
/// (evaluator/ResizeCoordinates.h): input and result are staged whole in
/// VMEM. Nearest copies the element each tap reads, runs of a result row
/// whose source offsets step evenly going as one lane-strided vector load
/// and store (word or byte planes, bit for bit). Linear computes each result
/// element as the evaluator does: the corners of nonzero f64 weight in
/// row-major order, term = f32(weight) * element, the first term the sum,
/// each later one added to it.
LogicalResult generateResize(KernelEnv &env, loom::ResizeOp op) {
  ProgramBuilder &b = env.b;
  const int L = env.chip.vector.lanes;
  auto inType = cast<RankedTensorType>(op.getInput().getType());
  auto outType = cast<RankedTensorType>(op.getType());
  if (!inType.hasStaticShape() || !outType.hasStaticShape())
    return env.error(op, "has a dynamic shape");
  ArrayRef<int64_t> inShape = inType.getShape(), outShape = outType.getShape();
  const int64_t count = numElements(outShape);
  if (count == 0)
    return success();
  const bool linear = op.getMode() == loom::ResizeMode::linear;
  if (linear && !inType.getElementType().isF32())
    return env.error(op, "interpolates a type other than f32; the vector "
                         "unit computes f32");
  const size_t rank = inShape.size();
  for (size_t d = 0; d < rank; ++d)
    if (inShape[d] == 0)
      return env.error(op, "resizes a dimension of size 0");
  FailureOr<Place> source = placeOf(env, op, op.getInput());
  FailureOr<Place> result = placeOf(env, op, op.getResult());
  if (failed(source) || failed(result))
    return failure();

  SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
  const int64_t e = storageBytes(inType.getElementType());
  if (!linear) {
    // A nearest resize whose maps cut into few pieces (an upsample by whole
    // factors, a downsample by a step) is a few affine copies of any size.
    SmallVector<SmallVector<int64_t>> maps(rank);
    for (size_t d = 0; d < rank; ++d)
      for (int64_t x = 0; x < outShape[d]; ++x)
        maps[d].push_back(
            eval::resizeTap(op, d, inShape[d], outShape[d], x).lower);
    std::optional<SmallVector<AffineCopy>> copies = mappedCopies(
        maps, inStrides, rowMajorStrides(outShape), kMaxResizeCopies,
        [&](int64_t in, int64_t out, SmallVector<Dim> dims) {
          AffineCopy copy =
              makeCopy(*source, *result, in, out, std::move(dims), e);
          copy.sourceBytes = numElements(inShape) * e;
          copy.resultBytes = count * e;
          return copy;
        });
    if (copies) {
      for (const AffineCopy &copy : *copies)
        if (failed(emitCopy(env, op, copy)))
          return failure();
      return success();
    }
  }
  if (count > kMaxResizeElements)
    return env.error(op, "has " + Twine(count) +
                             " result elements; resizes whose maps are not "
                             "a few affine copies are unrolled for at most " +
                             Twine(kMaxResizeElements));

  std::vector<std::vector<eval::ResizeTap>> taps(rank);
  for (size_t d = 0; d < rank; ++d)
    for (int64_t x = 0; x < outShape[d]; ++x) {
      eval::ResizeTap tap = eval::resizeTap(op, d, inShape[d], outShape[d], x);
      tap.lower *= inStrides[d];
      tap.upper *= inStrides[d];
      taps[d].push_back(tap);
    }

  const int64_t alignment = env.chip.hbm.dmaAlignment;
  const int64_t sourceDma = roundUp(numElements(inShape) * e, alignment);
  const int64_t resultDma = roundUp(count * e, alignment);
  int64_t mark = env.vmem.mark();
  int64_t sourceBuffer = env.vmem.allocate(roundUp(sourceDma, 64));
  int64_t resultBuffer = env.vmem.allocate(roundUp(resultDma, 64));
  if (sourceDma > kMaxDmaRowBytes || resultDma > kMaxDmaRowBytes ||
      sourceBuffer < 0 || resultBuffer < 0)
    return env.error(op, "is too large to stage whole in VMEM");
  ScratchRegisters regs(env);
  int flag = regs.flag(), addr = regs.scalar(), hbm = regs.scalar(),
      tmp = regs.scalar(), sum = regs.vector(), term = regs.vector(),
      weight = regs.vector();
  if (regs.failed())
    return env.error(op, "needs more registers than are free");

  // The result is loaded too: the bytes up to its aligned end go back
  // unchanged.
  b.li(addr, resultBuffer);
  b.addi(hbm, result->reg, result->offset);
  b.comment("resize staged whole in VMEM");
  b.dma(DmaFunc::Load, addr, hbm, flag, 1, resultDma, resultDma, resultDma);
  b.li(addr, sourceBuffer);
  b.addi(hbm, source->reg, source->offset);
  b.dma(DmaFunc::Load, addr, hbm, flag, 1, sourceDma, sourceDma, sourceDma);
  b.wait(flag, 2);

  // Walks the result rows (the innermost dimension); `row` gets the index
  // of the row's first element and its index in every dimension.
  const int64_t width = outShape.empty() ? 1 : outShape.back();
  SmallVector<int64_t> index(rank, 0);
  auto forEachRow = [&](function_ref<void(int64_t)> row) {
    for (int64_t first = 0; first < count; first += width) {
      row(first);
      for (int64_t d = static_cast<int64_t>(rank) - 2; d >= 0; --d) {
        if (++index[d] < outShape[d])
          break;
        index[d] = 0;
      }
    }
  };

  if (!linear) {
    auto [planeBytes, planes, type] = planesOf(e);
    forEachRow([&](int64_t first) {
      int64_t base = 0;
      for (size_t d = 0; d + 1 < rank; ++d)
        base += taps[d][index[d]].lower;
      auto offsetAt = [&](int64_t x) {
        return base + (rank ? taps[rank - 1][x].lower : 0);
      };
      for (int64_t x = 0; x < width;) {
        // A run of up to L lanes whose source offsets step evenly.
        int64_t lanes = 1, step = 0;
        if (x + 1 < width) {
          step = offsetAt(x + 1) - offsetAt(x);
          lanes = 2;
          while (lanes < L && x + lanes < width &&
                 offsetAt(x + lanes) - offsetAt(x + lanes - 1) == step)
            ++lanes;
        }
        for (int64_t p = 0; p < planes; ++p) {
          b.li(addr, sourceBuffer + offsetAt(x) * e + p * planeBytes);
          b.vldStrided(term, addr, 0, 1, lanes, step * planes, type);
          b.li(addr, resultBuffer + (first + x) * e + p * planeBytes);
          b.vstStrided(term, addr, 0, 1, lanes, planes, type);
        }
        x += lanes;
      }
    });
  } else {
    forEachRow([&](int64_t first) {
      for (int64_t x = 0; x < width; ++x) {
        bool firstTerm = true;
        for (uint64_t corner = 0; corner < (uint64_t(1) << rank); ++corner) {
          double w = 1;
          int64_t offset = 0;
          for (size_t d = 0; d < rank && w != 0; ++d) {
            const eval::ResizeTap &tap = taps[d][d + 1 == rank ? x : index[d]];
            bool upper = (corner >> (rank - 1 - d)) & 1;
            w *= upper ? tap.weight : 1 - tap.weight;
            offset += upper ? tap.upper : tap.lower;
          }
          if (w == 0)
            continue;
          b.li(addr, sourceBuffer + offset * 4);
          b.vldStrided(firstTerm ? sum : term, addr, 0, 1, 1, 1);
          b.lif(tmp, static_cast<float>(w));
          b.valu(VectorFunc::Splat, weight, 0, 0, 0, tmp);
          if (firstTerm) {
            b.valu(VectorFunc::Mul, sum, weight, sum);
          } else {
            b.valu(VectorFunc::Mul, term, weight, term);
            b.valu(VectorFunc::Add, sum, sum, term);
          }
          firstTerm = false;
        }
        b.li(addr, resultBuffer + (first + x) * 4);
        b.vstStrided(sum, addr, 0, 1, 1, 1);
      }
    });
  }

  b.li(addr, resultBuffer);
  b.addi(hbm, result->reg, result->offset);
  b.dma(DmaFunc::Store, addr, hbm, flag, 1, resultDma, resultDma, resultDma);
  b.wait(flag, 1);
  env.vmem.reset(mark);
  return success();
}

//===----------------------------------------------------------------------===//
// The pattern
//===----------------------------------------------------------------------===//

/// The kernel's one op, when it has exactly one besides its constants and
/// the return.
Operation *singleOp(func::FuncOp kernel) {
  Operation *found = nullptr;
  for (Operation &op : kernel.front().without_terminator()) {
    if (isa<loom::ConstantOp>(op))
      continue;
    if (found)
      return nullptr;
    found = &op;
  }
  return found;
}

bool matchesDataMovement(func::FuncOp kernel) {
  Operation *op = singleOp(kernel);
  return op && isa<loom::TransposeOp, loom::SliceOp, loom::ReshapeOp,
                   loom::BroadcastToOp, loom::ExpandOp, loom::ConcatOp,
                   loom::PadOp, loom::GatherOp, loom::ResizeOp>(op);
}

LogicalResult generateDataMovement(KernelEnv &env) {
  Operation *op = singleOp(env.kernel);
  if (auto gather = dyn_cast<loom::GatherOp>(op))
    return generateGather(env, gather);
  if (auto resize = dyn_cast<loom::ResizeOp>(op))
    return generateResize(env, resize);
  return generateCopyOp(env, op);
}

} // namespace

void addDataMovementPatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back(
      {"data movement", matchesDataMovement, generateDataMovement});
}

} // namespace loom::systolic::codegen
