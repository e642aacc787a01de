//===- Conv.cpp - Convolutions on the MXUs --------------------------------===//
//
// Part of the Loom project.
//
// A kernel whose anchor is a 1-D or 2-D `loom.conv` (NCW or NCHW input; a
// 1-D conv is generated as the 2-D one with H = KH = 1; the filter packed
// [KH, KW, O, C/groups] by loom-systolic-pack-conv-weights, or 1x1, whose
// two layouts are the same bytes, or else gathered tap by tap by DMA),
// followed by an elementwise epilogue (ElementwiseChain: bias, relu, clamp,
// residual add), becomes an implicit GEMM with the image stationary in the
// MXUs (each group of a grouped conv on its own channels and filter rows);
// depthwise convs (groups = C = O) run on the vector unit instead, on the
// same VMEM layout (emitDepthwise):
//
//  * Each input image is copied into VMEM zero-padded and split into
//    sh x sw phase images P[a][b][c][i][j] = padded[c][sh i + a][sw j + b]
//    of Hq x Wq (stride 1: one phase, the padded image itself, filled by
//    DMA row by row, whose rows and images share their padding: Wq =
//    W + max(padL, padR), Hq = H + max(padT, padB); otherwise DMA sorts the rows by row phase into padded
//    staging images, whose every sw-th element, read as one lane-strided
//    stream, is a phase image: the MXUs read it so with `ldws` (`direct`,
//    each buffer set its own stage), or, where taps are stacked or the
//    conv is depthwise, the vector unit gathers it first). Output (oh, ow) at position
//    q = oh Wq + ow then reads, for tap (kh, kw) at padded offset
//    (u, v) = (kh dh, kw dw) (the dilations), phase (u % sh, v % sw) at
//    q + (u / sh) Wq + v / sw: every tap is a contiguous run of
//    positions. Positions with ow >= Wo (or past the last output row) are
//    computed and never stored.
//  * A tile is `cols` consecutive positions; its stationary MXU operand is
//    K <= rows input channels of one tap (rows one channel pitch apart),
//    the streamed rows are the filter rows W[kh][kw][o][c..c+K), one per
//    output channel, so the accumulator holds [o][position]. Folds are
//    issued kh, kw, then channel chunks in order with `.acc`: the order of
//    the evaluator's Bf16Matmul mode (kh outermost, c innermost). With few
//    channels a group (C/groups <= rows / 4, e.g. the RGB stem), the runs
//    each (tap, channel) reads are first copied into stacked rows in that
//    same order (emitStack), so that a fold covers up to `rows` of them.
//    With up to rows / 2 channels at stride 1 (one group), a fold pairs
//    two consecutive taps t, t + 1 (foldsOf): the input buffer also holds
//    copies of the image shifted by their offset difference (loaded again
//    by DMA, one block of channels after the image, or before it for a
//    second difference), so that tap t's channels and then tap t + 1's are
//    `rows` rows one channel pitch apart.
//  * The MXUs take consecutive tiles (a tile group); the accumulator
//    rotates through two (or, for units of few output channels, four)
//    regions, and the pops of the unit one (three) units back (every
//    MXU's pops of the same 8 output channels x 128 positions together),
//    epilogue (f32, on the vector unit) and stores run between the current
//    unit's folds. The output image has the input's position layout; DMA
//    copies out the Wo valid columns of every row (one DMA an image where
//    Wq = Wo, else the fewer of a row of every channel or a channel a DMA).
//  * Images are processed in blocks of `nb` laid side by side: the fewest
//    images that fill three tile groups, with two buffer sets, else the
//    whole batch in one set (small late images: fuller tile groups). With
//    two sets, the blocks alternate between them and the stores of the
//    block before and the loads of the block after are issued in portions
//    of a few DMAs between the current block's tile groups, so that HBM
//    traffic overlaps the MXUs and the scalar core never waits long on the
//    DMA queue; where they are few enough for the queue to take at once
//    (whole-image copies, no vector work), all before the first tile
//    group, so that the HBM channel never idles between them. The first
//    block's Full operands (a residual) are loaded unit by unit after its
//    input, each unit's channels waited for only before their first pops
//    (emitTiles' firstPops), so that its MXUs start once the input is in.
//    Units hold at most 256 output channels, so that even a block of one
//    tile group has several, each one's epilogue overlapping the next
//    one's folds. The epilogue's constants are hoisted into registers
//    once for the kernel. Where a block has at least 8 tile
//    groups (the stem), each later block's phase gather and tap stack run
//    on the vector unit between the tile groups of the block before, into
//    the other buffer set (addPreparePortions).
//  * A kernel of one block of one tile group (small late images at a
//    large batch) loads its residual unit by unit and stores each unit's
//    output channels once the unit's last pop is issued (emitTiles'
//    unitPops / unitDone), so that neither waits for the whole block; the
//    last block after the pair loop stores its units' channels the same
//    way during its last tile group. With two accumulator regions and
//    every Full operand in place, a block leaves its last unit's pops to
//    the next block's first tile group (crossDrain), and its stores
//    follow that tile group.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"
#include "backends/systolic/codegen/VectorTiles.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

namespace loom::systolic::codegen {

using namespace mlir;

namespace {

constexpr int64_t kF32 = 4;
/// The largest `rows` of one DMA instruction (a 16-bit field).
constexpr int64_t kMaxDmaRows = 65535;
/// DMAs issued together before a segment of tile groups (emitTiles):
/// fewer than the DMA queue holds, so the scalar core rarely waits for
/// room.
constexpr int64_t kPortionDmas = 8;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }
/// a mod b in [0, b).
int64_t positiveMod(int64_t a, int64_t b) { return ((a % b) + b) % b; }

ConvOp findConv(func::FuncOp kernel) {
  ConvOp conv;
  kernel.walk([&](ConvOp op) {
    if (!conv)
      conv = op;
  });
  return conv;
}

bool matchesConv(func::FuncOp kernel) { return static_cast<bool>(findConv(kernel)); }

/// How an epilogue input is laid out in VMEM for the tile loop.
enum class InputKind {
  Full,       // the output's shape: an image block in the output's layout
  PerChannel, // [O] broadcast over images and positions
  Scalar,     // one element broadcast everywhere
};

struct EpilogueInput {
  InputKind kind;
  unsigned argument;
  int64_t vmem = 0;
  int hbmRegister = -1; // Full: the block's HBM address
};

/// Scalar register allocation that reports exhaustion once.
struct Registers {
  KernelEnv &env;
  bool failed = false;
  int scalar() {
    int r = env.regs.scalar();
    failed |= r < 0;
    return std::max(r, 0);
  }
  int vector() {
    int r = env.regs.vector();
    failed |= r < 0;
    return std::max(r, 0);
  }
  int flag() {
    int r = env.regs.flag();
    failed |= r < 0;
    return std::max(r, 0);
  }
};

struct ConvGeometry {
  int64_t n, c, groups, cg, og, h, w, o, kh, kw, sh, sw, padT, padL, padB, padR, ho, wo;
  int64_t dh, dw;        // dilations: tap (kh, kw) reads padded (kh dh, kw dw)
  int64_t hq, wq;        // a phase image
  int64_t phases;        // sh * sw
  int64_t imagePitch;    // hq * wq: one image of one channel in a phase
};

class ConvGenerator {
public:
  ConvGenerator(KernelEnv &env, ConvOp conv) : env(env), b(env.b), conv(conv), r{env} {}

  LogicalResult generate();

private:
  LogicalResult analyze();
  LogicalResult plan();
  void emitZero(int64_t vmem, int64_t bytes);
  void emitLoadWeights();
  /// Issue the DMAs of one block's input (and Full epilogue operands) at
  /// HBM `hbmIn` + `offset` on `flag`; return how many.
  int64_t emitLoadInputBlock(int hbmIn, int64_t offset, int flag,
                             bool full = true);
  int64_t emitLoadFullInput(const EpilogueInput &input, int64_t offset,
                            int flag);
  /// Strided: the phase images from the staged rows, iterations (two
  /// registers each, over the used phases in order) [from, to) of
  /// gatherIterations().
  void emitGatherPhases(int64_t from = 0, int64_t to = -1);
  int64_t gatherIterations() const;
  /// The VMEM buffers of block parity `p` (blocks alternate between two
  /// sets so that the next block loads and the last one stores while one
  /// computes).
  void useBuffers(int p);
  /// `portions` emit DMAs for other blocks: they are issued before
  /// segments of the tile-group loop, so that the scalar core never waits
  /// on a long DMA queue while the MXUs have no work; all of them before
  /// the first tile group where `frontLoad` is set.
  ///
  /// `unitDone` / `unitPops` (a block of one tile group only, where the
  /// loop body runs once): called with a unit's first output channel and
  /// channel count once its last pop is issued / before its first pop.
  ///
  /// `firstPops`: called with unit j's index before the block's first pop
  /// of unit j of tile group 0 (the pops before them drain stale
  /// accumulator regions into the slack), where that falls in the tile
  /// group of the first such pop (a segment of its own), and with -1 once
  /// that tile group is done (or before the pops after the loop).
  void emitTiles(ArrayRef<std::function<void()>> portions = {},
                 std::function<void(int64_t, int64_t)> unitDone = nullptr,
                 std::function<void(int64_t, int64_t)> unitPops = nullptr,
                 std::function<void(int64_t)> firstPops = nullptr);
  void emitDepthwise();
  /// Stack columns [from, to) of stackColumns() (the partial one first).
  void emitStack(int64_t from = 0, int64_t to = -1);
  int64_t stackColumns() const;
  /// With two buffer sets: the next block's phase gather and stack (into
  /// set `q`, after waiting for its loads) as portions of the current
  /// block's tile groups, each wrapped in `before` / `after`.
  void addPreparePortions(SmallVectorImpl<std::function<void()>> &portions,
                          int q, int loads, std::function<void()> before,
                          std::function<void()> after);
  void emitRoundToBf16(int64_t vmem, int64_t bytes);
  /// One pop of an output tile: MXU `mxu`'s accumulator rows `row`..
  /// (output channels ocBase + row..), columns `col`.., `sublanes` x
  /// `lanes` of them.
  struct Pop {
    int64_t mxu, ocBase, row, col, sublanes, lanes;
  };
  SmallVector<Pop> popsOf(int64_t ocBase, int64_t rows) const;
  /// One fold of a unit: K stationary rows `pitch` elements apart at
  /// `tileBase` (plus the tile's position), the filter rows from
  /// `filterAddress`, `filterStride` bytes apart.
  struct Fold {
    int64_t tileBase, pitch, rows, filterAddress, filterStride;
    std::string what;
  };
  /// The folds of the units of `group` from output channel `ocBase`, in
  /// the accumulation order.
  SmallVector<Fold> foldsOf(int64_t group, int64_t ocBase) const;
  /// Pops `pop` from the accumulator rows at `accBase` + pop.row, runs the
  /// epilogue and stores it for the tile group at byte offset
  /// `pos` + `posOffset`.
  /// What consecutive pops of the same rows share: the accumulator row
  /// register and the broadcast epilogue operands' registers.
  struct PopRows {
    int64_t ocBase = -1, row = -1, col = -1;
    int acc = -1;
    SmallVector<int> operands; // -1 for Full operands
  };
  /// Pops `pops` (the same rows of every MXU), then runs each one's
  /// epilogue: the pops' latency overlaps.
  void emitPops(ArrayRef<Pop> pops, int accBase, int pos, int64_t posOffset,
                PopRows &shared, int address);
  void releasePopRows(PopRows &shared);
  int64_t emitStoreOutputBlock(int hbmOut, int flag);
  /// The stores of output channels [first, first + count) of the block's
  /// images; returns the DMAs.
  int64_t emitStoreChannels(int hbmOut, int flag, int64_t first,
                            int64_t count);
  /// Output channels [first, first + count) of the block's images between
  /// VMEM at `vmemBase` (the output layout) and HBM at `hbmBase`.
  int64_t emitChannels(DmaFunc func, int64_t vmemBase, int hbmBase, int flag,
                       int64_t first, int64_t count, const std::string &what,
                       int64_t hbmOffset = 0);
  /// A copy of `outer` x `inner` rows of `rowBytes` between VMEM at `vmem`
  /// and HBM at register `hbmBase` + `hbmOffset`: row (i, j) at
  /// vmem + i vmemOuter + j vmemInner and hbm + i hbmOuter + j hbmInner.
  struct Copy {
    int64_t outer, vmemOuter, hbmOuter, inner, vmemInner, hbmInner, rowBytes;
    /// Inner rows contiguous on both sides: one row of them all.
    bool merged() const {
      return vmemInner == rowBytes && hbmInner == rowBytes &&
             inner * rowBytes < (int64_t(1) << 24);
    }
    /// Loop over the inner rows (DMAs of `outer` rows) rather than over
    /// the outer ones.
    bool innerLoop() const { return !merged() && inner < outer; }
    /// The DMAs emitCopy issues.
    int64_t count() const {
      int64_t rows = merged() ? outer : innerLoop() ? outer : inner;
      int64_t dmas = merged() ? 1 : innerLoop() ? inner : outer;
      return dmas * ceilDiv(rows, kMaxDmaRows);
    }
  };
  /// Issues `copy` as the fewest DMAs (count()), or only those numbered
  /// [from, to) of them; returns their number.
  int64_t emitCopy(DmaFunc func, const Copy &copy, int64_t vmem, int hbmBase,
                   int64_t hbmOffset, int flag, const std::string &what,
                   int64_t from = 0, int64_t to = -1);
  /// Appends to `portions` the DMAs of copy `copy`, at most
  /// kPortionDmas a portion (emitTiles issues them between tile groups).
  void addPortions(SmallVectorImpl<std::function<void()>> &portions,
                   DmaFunc func, const Copy &copy, int64_t vmem, int hbmBase,
                   int64_t hbmOffset, int flag, std::string what,
                   std::function<void()> before = nullptr,
                   std::function<void()> after = nullptr);
  /// The portions of one block's input and Full operand loads into buffer
  /// set `p` (HBM `offset` past the current block), and of the stores of
  /// the block in set `q` to HBM `outOffset` past `hbmOut`.
  void addLoadPortions(SmallVectorImpl<std::function<void()>> &portions,
                       int p, int hbmIn, int64_t offset,
                       std::function<void()> before,
                       std::function<void()> after, bool images = true,
                       bool full = true);
  void addStorePortions(SmallVectorImpl<std::function<void()>> &portions,
                        int q, int hbmOut, int64_t outOffset);
  /// The output layout rows of one image (emitOutputLayoutRows).
  Copy outputImageCopy() const;
  /// One copy of each image's input into the current buffer set: image i
  /// at VMEM `vmem` + i `vmemImage`, from HBM `hbmOffset` into the image.
  struct LoadCopy {
    Copy copy;
    int64_t vmem, vmemImage, hbmOffset;
    std::string what;
  };
  SmallVector<LoadCopy> inputCopies() const;
  /// DMAs (`func`) the block's images between HBM at `hbmBase` + `offset`
  /// (the output's dense layout) and VMEM at `vmemBase` (its padded
  /// layout), one row of every channel a transfer; returns the transfers.
  int64_t emitOutputLayoutRows(DmaFunc func, int64_t vmemBase, int hbmBase,
                               int64_t offset, int flag,
                               const std::string &what);

  KernelEnv &env;
  ProgramBuilder &b;
  ConvOp conv;
  Registers r;
  ConvGeometry g{};
  bool depthwise = false;
  bool gatherFilter = false;
  /// Flags: the loads into / the stores from buffer set p.
  int loaded[2] = {0, 0}, stored[2] = {0, 0};
  /// The filter's offset in the library's constants, or -1 (an argument).
  int64_t filterConstant = -1;
  /// Bytes of a filter element in HBM and VMEM: 4 (f32), or 2 for a bf16
  /// filter (loom-systolic-bf16-conv-weights), streamed without rounding.
  int64_t filterBytes = kF32;
  /// The flag and count of the filter's DMAs (emitLoadWeights), waited for
  /// before the first tile group.
  int weightsFlag = -1;
  int64_t weightDmas = 0;
  /// Piecewise (a filter of [KH * KW * O][C/groups] rows, the first block
  /// of a kernel whose blocks run once): the filter is loaded in pieces
  /// in the order the folds read them, unit by unit and a tap a DMA, after
  /// the input's first chunk, and tile group 0 waits for each piece only
  /// before the first fold that reads it (emitTiles' foldWeights), so
  /// that the MXUs start once the first piece is in instead of the whole
  /// filter. Piece 0 also brings the epilogue's per-channel constants.
  struct WeightPiece {
    int64_t vmem, rows;
  };
  bool piecewise = false;
  SmallVector<WeightPiece> weightPieces;
  size_t piecesIssued = 0, piecesWaited = 0;
  /// DMAs of each issued piece (piece 0 with the constants).
  SmallVector<int64_t> pieceDmas;
  /// Issues pieces [piecesIssued, upto).
  void emitWeightPieces(size_t upto);
  /// Waits for the pieces up to the one that holds VMEM `address`.
  void waitWeightPiece(int64_t address);
  /// Called, where set, before (`issued` false) and after (true) the MXU
  /// instructions of every fold of tile group 0 (the first segment of
  /// emitTiles) with the fold.
  std::function<void(const Fold &, bool issued)> foldWeights;
  unsigned inputArgument = 0, filterArgument = 0, outputArgument = 0;
  std::optional<ElementwiseChain> chain;
  ElementType outStore = ElementType::F32; // I32: an i32 result
  SmallVector<EpilogueInput> inputs;
  /// One Full epilogue operand (a residual): it is loaded into the output
  /// buffer and the epilogue writes each result over the operand it read,
  /// so the load and the store of a pop share one address register.
  bool inPlace = false;
  /// DMAs the portions built so far hold (addPortions), and whether
  /// emitTiles issues all of them before its first tile group
  /// (interleaved).
  int64_t portionDmaCount = 0;
  bool frontLoad = false;
  /// Blocks hand over their last units' pops (crossDrain, two buffer sets,
  /// two accumulator regions): a block but the last leaves them
  /// (deferDrain) and the block after it issues them in place of the stale
  /// drains of its first tile group (drainBefore), at `crossOffset` bytes
  /// from its own positions (the other set's output, the last tile
  /// group), so that the MXUs start the next block while the vector unit
  /// drains the last one. `accStart`: the accumulator region of the
  /// block's first unit, so that the regions continue from block to block.
  /// `drainOnly`: emitTiles issues only a block's deferred pops.
  bool crossDrain = false, deferDrain = false, drainBefore = false,
       drainOnly = false;
  int64_t crossOffset = 0, accStart = 0;
  /// drainBefore: issued after the first tile group (which drains the
  /// block before): the DMAs that need the drained block (its stores).
  std::function<void()> afterCross;
  /// The first block of a conv of several channel chunks: called with
  /// chunk c before the first fold that reads it (unit 0 of tile group 0),
  /// so that the MXUs start once the first chunk of the input is in.
  std::function<void(int64_t)> firstFolds;

  // Tiling.
  int64_t tileCols = 0, mxus = 0, kRows = 0, chunks = 0;
  int64_t ocBlock = 0;      // output channels per accumulator pass
  /// Accumulator regions: a unit's pops run during the unit `regions` - 1
  /// units later.
  int64_t regions = 2;
  int64_t nb = 0;           // images per block
  int64_t inPitch = 0;      // elements between channels of a phase
  int64_t groups = 0;       // tile groups (one tile per MXU) per block
  int64_t outPitch = 0;     // elements between output channels in VMEM
  int64_t stackPitch = 0;   // elements between stacked rows (emitStack)
  // VMEM.
  int64_t weightsVmem = 0, inputVmem = 0, stageVmem = 0, outputVmem = 0;
  int64_t inputBytes = 0, stageBytes = 0, stackVmem = 0;
  struct BufferSet {
    int64_t input = 0, output = 0, stack = 0;
    int64_t stage = 0; // direct: the set's own staged rows
    SmallVector<int64_t> full; // per epilogue input (Full ones)
  };
  SmallVector<BufferSet, 2> sets;
  /// Stacked: the stationary rows are (group, tap, channel) of a copy of
  /// the taps' runs [groups * KH * KW * C/groups][stackPitch], the filter
  /// [O][KH * KW * C/groups] in VMEM.
  bool stacked = false;
  /// Direct (strided, neither stacked nor depthwise): the MXUs read each
  /// phase image straight from the staged rows, every sw-th element
  /// (`ldws`), so no phase gather runs on the vector unit. Phase
  /// (a, b)'s element L (c inPitch + position) is staged element
  /// a C sw inPitch + sw L + b; each buffer set has its own stage.
  bool direct = false;
  /// Paired: a fold covers two consecutive taps' C channels (stride 1, one
  /// group, C <= rows / 2). The input buffer holds, besides the image, a
  /// copy shifted by each tap-offset difference d of a pair: `after` (one
  /// block of C channels after the image, copy[q] = image[q + d]) and
  /// `before` (one block before it, copy[q] = image[q - d]); 0 = none.
  /// Channels are `gap` elements further apart than the images, room for
  /// the copies' shifted writes. The filter is [O][KH * KW * C] as stacked.
  bool paired = false;
  int64_t afterShift = 0, beforeShift = 0, gap = 0;
  /// Bytes from a buffer set's input to the image (the `before` copy).
  int64_t imageOffset = 0;

  /// Tap (kh, kw) reads the padded image at (oh sh + kh dh, ow sw + kw dw):
  /// phase ((kh dh) % sh, (kw dw) % sw), from position `tapOf` of the
  /// output's position on.
  int64_t phaseOf(int64_t kh, int64_t kw) const {
    return (kh * g.dh % g.sh) * g.sw + kw * g.dw % g.sw;
  }
  int64_t tapOf(int64_t kh, int64_t kw) const {
    return kh * g.dh / g.sh * g.wq + kw * g.dw / g.sw;
  }
  /// Stride 1: where tap t = kh KW + kw reads, relative to the output.
  int64_t tapOffset(int64_t t) const { return tapOf(t / g.kw, t % g.kw); }
  /// Whether some tap reads row phase `a` / phase (a, b).
  bool rowPhaseUsed(int64_t a) const {
    for (int64_t kh = 0; kh < g.kh; ++kh)
      if (kh * g.dh % g.sh == a)
        return true;
    return false;
  }
  bool phaseUsed(int64_t a, int64_t b) const {
    for (int64_t kw = 0; kw < g.kw; ++kw)
      if (kw * g.dw % g.sw == b)
        return rowPhaseUsed(a);
    return false;
  }
};

LogicalResult ConvGenerator::analyze() {
  auto inType = cast<RankedTensorType>(conv.getInput().getType());
  auto outType = cast<RankedTensorType>(conv.getType());
  // A 1-D convolution (NCW) is the 2-D one with H = KH = 1: the filter
  // [O, C/groups, KW] is the same bytes as [O, C/groups, 1, KW], and the
  // evaluator's Bf16Matmul order (window, then channels) is the same.
  int64_t rank = inType.getRank();
  if (rank != 3 && rank != 4)
    return env.error(conv, "only 1-D and 2-D convolutions (NCW, NCHW) are "
                           "generated");
  bool oneD = rank == 3;
  if (!inType.getElementType().isF32() || !outType.getElementType().isF32())
    return env.error(conv, "only f32 convolutions are generated");
  int64_t channels = inType.getDimSize(1);
  depthwise = conv.getGroups() != 1 && conv.getGroups() == channels &&
              outType.getDimSize(1) == channels;

  int in = env.argumentOf(conv.getInput());
  if (in < 0 || in >= static_cast<int>(env.kernel.getNumArguments()))
    return env.error(conv, "the input must be an argument of the kernel");
  inputArgument = in;

  Value filter = conv.getFilter();
  auto filterType = cast<RankedTensorType>(filter.getType());
  bool packed = false;
  if (auto transpose = filter.getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> perm = transpose.getPermutation();
    // loom-systolic-pack-conv-weights' [KH, KW, O, C/groups] (1-D:
    // [KW, O, C/groups]) restored to [O, C/groups, KH, KW].
    bool restores = oneD ? perm == ArrayRef<int64_t>{1, 2, 0}
                         : perm == ArrayRef<int64_t>{2, 3, 0, 1};
    if (restores) {
      filter = transpose.getInput();
      packed = true;
    }
  }
  // A bf16 filter widened at the kernel's entry
  // (loom-systolic-bf16-conv-weights): loaded and streamed as bf16.
  if (auto widen = filter.getDefiningOp<CastOp>()) {
    auto from = cast<RankedTensorType>(widen.getInput().getType());
    if (from.getElementType().isBF16() &&
        isa<BlockArgument>(widen.getInput())) {
      filter = widen.getInput();
      filterBytes = 2;
    }
  }
  int f = env.argumentOf(filter);
  // The filter's window as [KH, KW].
  int64_t filterKh = oneD ? 1 : filterType.getDimSize(2);
  int64_t filterKw = filterType.getDimSize(rank - 1);
  bool oneByOne = filterKh == 1 && filterKw == 1;
  if (auto constant = filter.getDefiningOp<ConstantOp>()) {
    // A constant the kernel kept (a splat): into the library's constants,
    // packed like loom-systolic-pack-conv-weights packs arguments.
    auto value = dyn_cast<DenseElementsAttr>(constant.getValue());
    if (!value || !filterType.getElementType().isF32())
      return env.error(conv, "a constant filter must be dense f32");
    ArrayRef<int64_t> shape = filterType.getShape();
    bool keep = conv.getGroups() == inType.getDimSize(1) && shape[1] == 1;
    std::vector<float> bytes(filterType.getNumElements());
    SmallVector<float> values(value.getValues<float>());
    for (int64_t o = 0; o < shape[0]; ++o)
      for (int64_t c = 0; c < shape[1]; ++c)
        for (int64_t t = 0; t < filterKh * filterKw; ++t) {
          int64_t from = (o * shape[1] + c) * filterKh * filterKw + t;
          int64_t to = keep ? from : (t * shape[0] + o) * shape[1] + c;
          bytes[to] = values[from];
        }
    filterConstant =
        env.constants.add(bytes.data(), bytes.size() * sizeof(float));
    packed = true;
  } else if (f < 0 || f >= static_cast<int>(env.kernel.getNumArguments())) {
    return env.error(conv, "the filter must be an argument or a constant of "
                           "the kernel");
  }
  filterArgument = f;
  // Neither packed nor the same bytes as packed: gathered tap by tap.
  gatherFilter = !packed && !oneByOne && !depthwise;
  if (filterBytes != kF32 &&
      (gatherFilter || depthwise ||
       (filterType.getDimSize(1) * filterBytes) % env.chip.hbm.dmaAlignment))
    return env.error(conv, "a bf16 filter must be packed or 1x1, not "
                           "depthwise, with rows of C/groups channels that "
                           "keep the DMA alignment");

  // The shapes as NCHW (a 1-D conv's H = 1).
  auto asNchw = [&](ArrayRef<int64_t> shape) {
    SmallVector<int64_t, 4> nchw(shape);
    if (oneD)
      nchw.insert(nchw.begin() + 2, 1);
    return nchw;
  };
  SmallVector<int64_t, 4> x = asNchw(inType.getShape()),
                          y = asNchw(outType.getShape());
  ArrayRef<int64_t> strides = conv.getStrides(),
                    dilations = conv.getDilations(),
                    padLow = conv.getPadLow(), padHigh = conv.getPadHigh();
  g.n = x[0];
  g.c = x[1];
  g.groups = conv.getGroups();
  g.cg = g.c / g.groups;
  g.og = y[1] / g.groups;
  g.h = x[2];
  g.w = x[3];
  g.o = y[1];
  g.ho = y[2];
  g.wo = y[3];
  g.kh = filterKh;
  g.kw = filterKw;
  g.sh = oneD ? 1 : strides[0];
  g.sw = strides.back();
  g.dh = oneD ? 1 : dilations[0];
  g.dw = dilations.back();
  g.padT = oneD ? 0 : padLow[0];
  g.padL = padLow.back();
  g.padB = oneD ? 0 : padHigh[0];
  g.padR = padHigh.back();
  g.phases = g.sh * g.sw;
  g.hq = ceilDiv(g.h + g.padT + g.padB, g.sh);
  g.wq = ceilDiv(g.w + g.padL + g.padR, g.sw);
  // The window's extent on the padded image.
  int64_t extentH = (g.kh - 1) * g.dh + 1, extentW = (g.kw - 1) * g.dw + 1;
  if (g.phases == 1 && std::min(g.padT, g.padB) < extentH &&
      std::min(g.padL, g.padR) < extentW) {
    // Neighbouring rows and images share their zero padding: a row is
    // W + max(padL, padR) positions and an image H + max(padT, padB) rows,
    // so that a tap reading past a row's right end reads the next row's
    // left padding, and past an image's bottom the next image's top rows
    // (or, after the last image, the zeros after the channel). The output
    // rows (Wo, Ho) still fit, unless a padding is as large as the
    // window's extent.
    // Fewer positions a block: ResNet-50's 7x7 layers at batch 8 fill one
    // tile group of 512 instead of two.
    g.hq = g.h + std::max(g.padT, g.padB);
    g.wq = g.w + std::max(g.padL, g.padR);
  }
  g.imagePitch = g.hq * g.wq;

  // The epilogue.
  if (env.kernel.getNumResults() != 1)
    return env.error(conv, "a conv kernel must have one result");
  outputArgument = env.kernel.getNumArguments();
  // An i32 result cast from f32 (ConvInteger) is the f32 tile stored with
  // .i32 (the evaluator's cast: toward zero, saturating), in the same four
  // bytes an element as an f32 result.
  Value stored = env.kernel.front().getTerminator()->getOperand(0);
  if (auto castOp = stored.getDefiningOp<CastOp>();
      castOp && castOp.getInput().getDefiningOp() &&
      cast<ShapedType>(castOp.getInput().getType()).getElementType().isF32() &&
      convertingStore(env.argumentType(outputArgument).getElementType()) ==
          ElementType::I32) {
    stored = castOp.getInput();
    outStore = ElementType::I32;
  }
  if (stored != conv.getResult()) {
    FailureOr<ElementwiseChain> analyzed =
        ElementwiseChain::analyze(env, conv.getResult(), stored);
    if (failed(analyzed))
      return failure();
    chain = std::move(*analyzed);
    for (const ChainInput &input : chain->inputs()) {
      SmallVector<int64_t, 4> s(input.strides.begin(), input.strides.end());
      if (oneD)
        s.insert(s.begin() + 2, 0);
      auto dim = [&](int i, int64_t stride) {
        return y[i] == 1 || s[i] == stride;
      };
      EpilogueInput e{InputKind::Full, input.argument};
      if (dim(0, g.o * g.ho * g.wo) && dim(1, g.ho * g.wo) && dim(2, g.wo) &&
          dim(3, 1))
        e.kind = InputKind::Full;
      else if (dim(0, 0) && dim(1, 0) && dim(2, 0) && dim(3, 0))
        e.kind = InputKind::Scalar;
      else if (dim(0, 0) && dim(1, 1) && dim(2, 0) && dim(3, 0))
        e.kind = InputKind::PerChannel;
      else
        return env.error(conv, "an epilogue operand (argument " +
                                   Twine(input.argument) +
                                   ") is broadcast in a way the conv kernel "
                                   "does not load");
      if (!input.type.getElementType().isF32())
        return env.error(conv, "epilogue operands must be f32");
      inputs.push_back(e);
    }
  }
  return success();
}

LogicalResult ConvGenerator::plan() {
  const ChipConfig &chip = env.chip;
  inPlace = !depthwise && llvm::count_if(inputs, [](const EpilogueInput &e) {
                            return e.kind == InputKind::Full;
                          }) == 1;
  tileCols = chip.mxu.cols;
  mxus = chip.mxu.count;
  kRows = chip.mxu.rows;
  int64_t taps = g.kh * g.kw;
  // Few channels a group: the taps are stacked (emitStack).
  stacked = !depthwise && !gatherFilter && taps > 1 && g.cg * 4 <= kRows;
  chunks = ceilDiv(stacked ? taps * g.cg : g.cg, kRows);
  if (!stacked && !depthwise && !gatherFilter && taps > 1 &&
      g.phases == 1 && g.groups == 1 && g.cg * 2 <= kRows) {
    // The tap offsets' differences of the pairs (0, 1), (2, 3), ...: at
    // most two distinct ones fit the layout.
    paired = true;
    for (int64_t t = 0; paired && t + 1 < taps; t += 2) {
      int64_t d = tapOffset(t + 1) - tapOffset(t);
      if (d == afterShift || d == beforeShift)
        continue;
      if (!afterShift)
        afterShift = d;
      else if (!beforeShift)
        beforeShift = d;
      else
        paired = false;
    }
    if (!paired)
      afterShift = beforeShift = 0;
    gap = paired ? roundUp(std::max(afterShift, beforeShift), 16) : 0;
  }
  int64_t copyBlocks = 1 + (afterShift ? 1 : 0) + (beforeShift ? 1 : 0);
  int64_t sublanes = chip.vector.sublanes;
  // Two accumulator regions of `ocBlock` rows, or four for units of at
  // most `rows` output channels (a power-of-two accumulator): such a unit
  // streams for less than its matmuls take to drain, so its pops wait for
  // three more units instead of one (measured on ResNet-50: faster for
  // these, slower for larger units).
  // Units of at most 256 output channels, so that a block of few tile
  // groups (small late images) still has several units, each one's pops
  // and epilogue overlapping the next one's folds.
  // (Measured on ResNet-50 at batch 8: 256 beats 512 and 2048, and ties
  // with 128.)
  int64_t maxBlock = 256;
  ocBlock = std::min<int64_t>(
      {g.og, chip.mxu.accumulatorRows / 2 / sublanes * sublanes,
       std::max<int64_t>(sublanes, maxBlock / sublanes * sublanes)});
  int64_t accRows = chip.mxu.accumulatorRows;
  regions = (accRows & (accRows - 1)) == 0 && ocBlock <= kRows &&
                    ocBlock * 4 <= accRows
                ? 4
                : 2;

  int64_t zeroBlock = sublanes * chip.vector.lanes * kF32;
  int64_t weightsBytes =
      roundUp(g.kh * g.kw * g.o * g.cg * filterBytes, zeroBlock);
  int64_t maxTapOffset = tapOf(g.kh - 1, g.kw - 1);
  // A depthwise tile is one vector register's lanes.
  int64_t groupWidth = depthwise ? chip.vector.lanes : mxus * tileCols;
  // The fewest images a block that still fill three tile groups (else
  // two) with two buffer sets, so that the next block loads and the last
  // one stores while one computes; else the whole batch in one set (small
  // images: the tile groups stay full), else blocks of as many images as
  // fit with two sets, else one image with one set (loads, compute and
  // stores then take turns).
  struct Try {
    int64_t candidate, setCount;
    int64_t minPositions; // 0: any
  };
  // Measured on ResNet-50 at batch 8: blocks of three tile groups beat
  // one and eight (more blocks: their first loads and last stores are
  // exposed; fewer: the MXUs wait for the first loads), and blocks of two
  // beat the whole batch in one set.
  SmallVector<Try> tries;
  for (int64_t groupsNeeded : {3, 2})
    for (int64_t candidate = 1; candidate < g.n; ++candidate)
      if (g.n % candidate == 0)
        tries.push_back({candidate, 2, groupsNeeded * groupWidth});
  for (int64_t candidate = g.n; candidate >= 1; --candidate)
    if (g.n % candidate == 0)
      tries.push_back({candidate, candidate < g.n ? 2 : 1, 0});
  tries.push_back({1, 1, 0});
  // Strided convs read their phase images straight from the staged rows
  // (`direct`) where a phase's channel pitch x sw fits ldw's stride, else
  // (or stacked, or depthwise) from phase images gathered on the vector
  // unit.
  bool canDirect = g.phases > 1 && !stacked && !depthwise;
  for (bool useDirect : {canDirect, false}) {
  direct = useDirect;
  for (const Try &attempt : tries) {
    int64_t candidate = attempt.candidate;
    int64_t pitch = candidate * g.imagePitch + gap;
    int64_t valid = (candidate - 1) * g.imagePitch + (g.ho - 1) * g.wq + g.wo;
    int64_t computed = roundUp(valid, groupWidth);
    if (computed < attempt.minPositions)
      continue;
    if (direct && g.sw * pitch * kF32 >= (int64_t(1) << 24))
      continue;
    // Slack: the tile groups past the last position and the phase copies'
    // last chunks (emitLoadInputBlock) overrun the buffers.
    int64_t in = direct ? 0
                        : roundUp((copyBlocks * g.phases * g.c * pitch +
                                   computed + maxTapOffset +
                                   2 * zeroBlock / kF32) *
                                      kF32,
                                  zeroBlock);
    // Direct: the last tile group reads up to sw (groupWidth + the
    // largest tap offset + 1) elements past the last phase's last channel.
    int64_t stage =
        g.phases > 1
            ? roundUp((g.sh * g.c * candidate * g.hq * g.sw * g.wq +
                       (direct ? g.sw * (groupWidth + maxTapOffset + 1) : 0) +
                       2 * zeroBlock / kF32 * g.sw) *
                          kF32,
                      zeroBlock)
            : 0;
    // In place, `lag` tile groups of gap after each output channel: the
    // stale drains at the start of a block (emitTiles), `lag` tile groups
    // before the first, store there rather than over the operand of
    // another channel's last positions, which is read later.
    int64_t pitchOut =
        computed + (inPlace ? (regions - 1) * groupWidth : 0);
    int64_t out = roundUp(g.o * pitchOut * kF32, 64);
    int64_t stack =
        stacked ? roundUp((g.groups * taps * g.cg * computed + 2 * zeroBlock) *
                              kF32,
                          64)
                : 0;
    // Two sets of the input, output and Full operand buffers when there
    // are several blocks.
    int64_t setCount = attempt.setCount;
    // The stack is per set: the next block's is copied while the current
    // one's is read (addPreparePortions).
    int64_t perSet = in + regions * groupWidth * kF32 + out + stack +
                     (direct ? stage : 0);
    int64_t total = weightsBytes + (direct ? 0 : stage);
    for (const EpilogueInput &input : inputs)
      if (input.kind == InputKind::Full)
        perSet += inPlace ? 0 : out;
      else
        total += roundUp(g.o * kF32, 64);
    total += setCount * perSet;
    if (total > env.vmem.available())
      continue;
    nb = candidate;
    inPitch = pitch;
    groups = computed / groupWidth;
    outPitch = pitchOut;
    stackPitch = computed;
    inputBytes = in;
    imageOffset = beforeShift ? g.c * pitch * kF32 : 0;
    weightsVmem = env.vmem.allocate(weightsBytes);
    stageVmem = stage && !direct ? env.vmem.allocate(stage) : 0;
    stageBytes = stage;
    for (EpilogueInput &input : inputs)
      if (input.kind != InputKind::Full)
        input.vmem = env.vmem.allocate(roundUp(g.o * kF32, 64));
    sets.resize(setCount);
    for (BufferSet &set : sets) {
      set.input = in ? env.vmem.allocate(in) : 0;
      set.stage = direct ? env.vmem.allocate(stage) : stageVmem;
      set.stack = stack ? env.vmem.allocate(stack) : 0;
      // Tile groups of slack before the output: the first drains of a
      // block store there (emitTiles).
      set.output = env.vmem.allocate(regions * groupWidth * kF32 + out) +
                   regions * groupWidth * kF32;
      for (const EpilogueInput &input : inputs)
        set.full.push_back(input.kind != InputKind::Full ? 0
                           : inPlace                     ? set.output
                                     : env.vmem.allocate(out));
    }
    useBuffers(0);
    break;
  }
  if (nb || !useDirect)
    break;
  }
  if (!nb)
    return env.error(conv, "one image's buffers (input, filter, output) do "
                           "not fit VMEM (" +
                               Twine(env.vmem.size()) + " bytes)");
  if (inPitch * kF32 >= (int64_t(1) << 24) ||
      outPitch * kF32 >= (int64_t(1) << 24) ||
      g.cg * kF32 >= (int64_t(1) << 24))
    return env.error(conv, "a channel's image is too large for the 24-bit "
                           "strides of ldw and DMA");
  return success();
}

/// Stores zeros over [vmem, vmem + bytes), bytes a multiple of a vector
/// register's sublanes x lanes f32: eight `vsto` an iteration at offsets
/// from one address register, so that the scalar core issues about one
/// instruction a store rather than three (an s.addi and a loop each).
void ConvGenerator::emitZero(int64_t vmem, int64_t bytes) {
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  int64_t block = sublanes * lanes * kF32;
  int64_t unroll = env.chip.vmemBytes < (int64_t(1) << 29) ? 8 : 1;
  int64_t blocks = ceilDiv(bytes, block);
  int zero = r.vector(), address = r.scalar(), count = r.scalar();
  b.li(address, 0);
  b.comment("zero the padded input");
  b.valu(VectorFunc::Splat, zero, 0, 0, 0, address);
  b.li(address, vmem);
  auto stores = [&](int64_t n) {
    for (int64_t k = 0; k < n; ++k) {
      if (unroll > 1)
        b.vstOffset(zero, address, k * block, lanes * kF32, sublanes, lanes);
      else
        b.vst(zero, address, lanes * kF32, sublanes, lanes);
    }
  };
  if (blocks / unroll) {
    b.li(count, blocks / unroll);
    Label top = b.newLabel();
    b.bind(top);
    stores(unroll);
    b.addi(address, address, unroll * block);
    b.loop(count, top);
  }
  stores(blocks % unroll);
  env.regs.releaseVector(zero);
  env.regs.release(address);
  env.regs.release(count);
}

void ConvGenerator::emitLoadWeights() {
  if (piecewise) {
    // Unit by unit in emitTiles' order, a tap a piece: the rows of tap t
    // for the unit's output channels, [t O + ocBase, + rows).
    weightsFlag = r.flag();
    for (int64_t group = 0; group < g.groups; ++group)
      for (int64_t ocBase = group * g.og; ocBase < (group + 1) * g.og;
           ocBase += ocBlock)
        for (int64_t t = 0; t < g.kh * g.kw; ++t)
          weightPieces.push_back(
              {weightsVmem + (t * g.o + ocBase) * g.cg * filterBytes,
               std::min(ocBlock, (group + 1) * g.og - ocBase)});
    return;
  }
  int flag = r.flag(), vmem = r.scalar(), hbm = r.scalar(),
      filterBase = r.scalar();
  if (filterConstant >= 0)
    b.addi(filterBase, KernelEnv::kConstantsRegister, filterConstant);
  else
    b.addi(filterBase, KernelEnv::argumentRegister(filterArgument), 0);
  // [KH*KW*O][C/groups] rows, or depthwise [C][KH*KW].
  int64_t rows = depthwise ? g.o : g.kh * g.kw * g.o, issued = 0;
  int64_t rowBytes = (depthwise ? g.kh * g.kw : g.cg) * filterBytes;
  int64_t taps = g.kh * g.kw;
  // An [O][C/groups][KH][KW] filter is gathered one element per DMA row.
  for (int64_t t = 0; gatherFilter && t < taps; ++t)
    for (int64_t first = 0; first < g.o * g.cg; first += kMaxDmaRows) {
      b.li(vmem, weightsVmem + (t * g.o * g.cg + first) * kF32);
      b.addi(hbm, filterBase,
             (first * taps + t) * kF32);
      b.comment("filter tap " + std::to_string(t) + ", gathered");
      b.dma(DmaFunc::Load, vmem, hbm, flag,
            std::min(kMaxDmaRows, g.o * g.cg - first), kF32, kF32,
            taps * kF32);
      ++issued;
    }
  // Stacked: [KH, KW, O, C/groups] to [O][KH * KW * C/groups], a tap a DMA.
  for (int64_t t = 0; (stacked || paired) && t < taps; ++t)
    for (int64_t first = 0; first < g.o; first += kMaxDmaRows) {
      b.li(vmem, weightsVmem + (first * taps + t) * g.cg * filterBytes);
      b.addi(hbm, filterBase,
             (t * g.o + first) * g.cg * filterBytes);
      b.comment("filter tap " + std::to_string(t) + " into [O][KH*KW*C]");
      b.dma(DmaFunc::Load, vmem, hbm, flag,
            std::min(kMaxDmaRows, g.o - first), g.cg * filterBytes,
            taps * g.cg * filterBytes, g.cg * filterBytes);
      ++issued;
    }
  for (int64_t first = 0; !gatherFilter && !stacked && !paired && first < rows;
       first += kMaxDmaRows) {
    int64_t count = std::min(kMaxDmaRows, rows - first);
    b.li(vmem, weightsVmem + first * rowBytes);
    b.addi(hbm, filterBase,
           first * rowBytes);
    b.comment("filter");
    b.dma(DmaFunc::Load, vmem, hbm, flag, count, rowBytes, rowBytes,
          rowBytes);
    ++issued;
  }
  for (const EpilogueInput &input : inputs) {
    if (input.kind == InputKind::Full)
      continue;
    int64_t bytes = input.kind == InputKind::PerChannel ? g.o * kF32 : kF32;
    b.li(vmem, input.vmem);
    b.comment("epilogue operand (argument " + std::to_string(input.argument) +
              ")");
    b.dma(DmaFunc::Load, vmem, KernelEnv::argumentRegister(input.argument),
          flag, 1, bytes, bytes, bytes);
    ++issued;
  }
  // Waited for before the first tile group (generate): meanwhile the
  // padding is zeroed and the first block's input requested.
  weightsFlag = flag;
  weightDmas = issued;
  env.regs.release(vmem);
  env.regs.release(hbm);
  env.regs.release(filterBase);
}

void ConvGenerator::emitWeightPieces(size_t upto) {
  upto = std::min(upto, weightPieces.size());
  if (piecesIssued >= upto)
    return;
  int vmem = r.scalar(), hbm = r.scalar();
  int base = filterConstant >= 0 ? KernelEnv::kConstantsRegister
                                 : KernelEnv::argumentRegister(filterArgument);
  int64_t baseOffset = std::max<int64_t>(filterConstant, 0);
  int64_t rowBytes = g.cg * filterBytes;
  for (; piecesIssued < upto; ++piecesIssued) {
    const WeightPiece &piece = weightPieces[piecesIssued];
    int64_t issued = 0;
    if (piecesIssued == 0)
      for (const EpilogueInput &input : inputs) {
        if (input.kind == InputKind::Full)
          continue;
        int64_t bytes =
            input.kind == InputKind::PerChannel ? g.o * kF32 : kF32;
        b.li(vmem, input.vmem);
        b.comment("epilogue operand (argument " +
                  std::to_string(input.argument) + ")");
        b.dma(DmaFunc::Load, vmem, KernelEnv::argumentRegister(input.argument),
              weightsFlag, 1, bytes, bytes, bytes);
        ++issued;
      }
    b.li(vmem, piece.vmem);
    b.addi(hbm, base, baseOffset + piece.vmem - weightsVmem);
    b.comment("filter piece " + std::to_string(piecesIssued) + " (" +
              std::to_string(piece.rows) + " rows)");
    b.dma(DmaFunc::Load, vmem, hbm, weightsFlag, piece.rows, rowBytes,
          rowBytes, rowBytes);
    pieceDmas.push_back(issued + 1);
  }
  env.regs.release(vmem);
  env.regs.release(hbm);
}

void ConvGenerator::waitWeightPiece(int64_t address) {
  int64_t rowBytes = g.cg * filterBytes;
  size_t k = 0;
  while (k < weightPieces.size() &&
         !(address >= weightPieces[k].vmem &&
           address < weightPieces[k].vmem + weightPieces[k].rows * rowBytes))
    ++k;
  if (k == weightPieces.size() || k < piecesWaited)
    return;
  emitWeightPieces(k + 1);
  int64_t count = 0;
  for (; piecesWaited <= k; ++piecesWaited)
    count += pieceDmas[piecesWaited];
  b.wait(weightsFlag, count);
}

/// The block of `nb` images at HBM `hbmIn` into the phase images.
SmallVector<ConvGenerator::LoadCopy> ConvGenerator::inputCopies() const {
  SmallVector<LoadCopy> loads;
  if (g.phases == 1) {
    // Image i's rows (emitCopy: all in one DMA when the image has no
    // left or right padding, else a row of every channel or a channel a
    // DMA, whichever needs fewer); paired, again into each shifted copy.
    SmallVector<std::pair<int64_t, int64_t>, 3> copies = {{0, 0}};
    if (afterShift)
      copies.push_back({g.c * inPitch, -afterShift});
    if (beforeShift)
      copies.push_back({-g.c * inPitch, beforeShift});
    // [c][h] rows of w elements: channel c, row ih at c inPitch + ih Wq.
    Copy rows{g.c, inPitch * kF32, g.h * g.w * kF32, g.h, g.wq * kF32,
              g.w * kF32, g.w * kF32};
    for (auto [block, shift] : copies)
      loads.push_back(
          {rows,
           inputVmem + (block + g.padT * g.wq + g.padL + shift) * kF32,
           g.imagePitch * kF32, 0,
           shift ? "input rows, copy shifted by " + std::to_string(-shift)
                 : std::string("input rows")});
    return loads;
  }
  // Padded rows of row phase a = (h + padT) % sh go to stage[a] (zeroed
  // once, [c][image][Hq][sw Wq]), by a row of every channel or a channel
  // a DMA (emitCopy); then the elements of column phase b of stage[a],
  // every sw-th, are exactly phase (a, b) in its own layout: one
  // lane-strided stream.
  int64_t stagePitch = g.sw * g.wq;
  for (int64_t a = 0; a < g.sh; ++a) {
    int64_t h0 = positiveMod(a - g.padT, g.sh);
    if (!rowPhaseUsed(a) || h0 >= g.h)
      continue;
    int64_t nh = (g.h - 1 - h0) / g.sh + 1;
    int64_t i0 = (h0 + g.padT) / g.sh;
    // [c][nh] rows of w elements: channel c, input row h0 + k sh.
    Copy rows{g.c,        nb * g.hq * stagePitch * kF32,
              g.h * g.w * kF32, nh,
              stagePitch * kF32, g.sh * g.w * kF32,
              g.w * kF32};
    loads.push_back({rows,
                     stageVmem + (a * g.c * nb * g.hq + i0) * stagePitch *
                                     kF32 +
                         g.padL * kF32,
                     g.hq * stagePitch * kF32, h0 * g.w * kF32,
                     "input rows of row phase " + std::to_string(a)});
  }
  return loads;
}

int64_t ConvGenerator::emitLoadInputBlock(int hbmIn, int64_t offset,
                                          int flag, bool full) {
  int64_t imageBytes = g.c * g.h * g.w * kF32;
  int64_t issued = 0;
  for (const LoadCopy &load : inputCopies())
    for (int64_t i = 0; i < nb; ++i)
      issued += emitCopy(DmaFunc::Load, load.copy,
                         load.vmem + i * load.vmemImage, hbmIn,
                         offset + i * imageBytes + load.hbmOffset, flag,
                         load.what);
  for (const EpilogueInput &input : inputs)
    if (full && input.kind == InputKind::Full)
      issued += emitLoadFullInput(input, offset / (g.c * g.h * g.w) *
                                             (g.o * g.ho * g.wo),
                                  flag);
  return issued;
}

int64_t ConvGenerator::gatherIterations() const {
  int64_t chunk = env.chip.vector.sublanes * env.chip.vector.lanes;
  int64_t perPhase = ceilDiv(g.c * nb * g.hq * g.wq, 2 * chunk);
  int64_t used = 0;
  for (int64_t a = 0; a < g.sh; ++a)
    for (int64_t bb = 0; bb < g.sw; ++bb)
      used += phaseUsed(a, bb);
  return used * perPhase;
}

void ConvGenerator::emitGatherPhases(int64_t from, int64_t to) {
  if (to < 0)
    to = gatherIterations();
  int src = r.scalar(), dst = r.scalar(), count = r.scalar();
  int64_t stagePitch = g.sw * g.wq;
  int64_t stageRows = g.c * nb * g.hq;
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  int64_t chunk = sublanes * lanes;
  int64_t perPhase = ceilDiv(stageRows * g.wq, 2 * chunk);
  int regs[2] = {r.vector(), r.vector()};
  int64_t first = 0; // the phase's first iteration
  for (int64_t a = 0; a < g.sh; ++a)
    for (int64_t bb = 0; bb < g.sw; ++bb) {
      if (!phaseUsed(a, bb))
        continue;
      int64_t lo = std::max(from, first) - first;
      int64_t hi = std::min(to, first + perPhase) - first;
      first += perPhase;
      if (lo >= hi)
        continue;
      int64_t phase = a * g.sw + bb;
      b.li(src, stageVmem + (a * stageRows * stagePitch + bb +
                             lo * 2 * chunk * g.sw) *
                                kF32);
      b.li(dst, inputVmem + (phase * g.c * inPitch + lo * 2 * chunk) * kF32);
      b.li(count, hi - lo);
      // Two chunks an iteration, alternating registers; the last may copy
      // past the phase, into the next phase (written after it) or the
      // slack.
      Label top = b.newLabel();
      b.bind(top);
      for (int k = 0; k < 2; ++k) {
        b.comment("phase (" + std::to_string(a) + ", " + std::to_string(bb) +
                  ")");
        b.vldStrided(regs[k], src, lanes * g.sw * kF32, sublanes, lanes,
                     g.sw);
        b.vst(regs[k], dst, lanes * kF32, sublanes, lanes);
        b.addi(src, src, chunk * g.sw * kF32);
        b.addi(dst, dst, chunk * kF32);
      }
      b.loop(count, top);
    }
  env.regs.releaseVector(regs[0]);
  env.regs.releaseVector(regs[1]);
  for (int reg : {src, dst, count})
    env.regs.release(reg);
}

void ConvGenerator::addPreparePortions(
    SmallVectorImpl<std::function<void()>> &portions, int q, int loads,
    std::function<void()> before, std::function<void()> after) {
  // Pieces of about a few hundred vector-unit cycles, so that the tile
  // groups' epilogues are never held up long.
  constexpr int64_t kGatherPiece = 16, kStackPiece = 1;
  int64_t gathers = g.phases > 1 && !direct ? gatherIterations() : 0;
  int64_t columns = stacked ? stackColumns() : 0;
  bool first = true;
  auto piece = [&](std::function<void()> body) {
    bool wait = first;
    first = false;
    portions.push_back([=, this] {
      if (before)
        before();
      useBuffers(q);
      if (wait)
        b.wait(loaded[q], loads);
      body();
      useBuffers(1 - q);
      if (after)
        after();
    });
  };
  for (int64_t i = 0; i < gathers; i += kGatherPiece)
    piece([=, this] {
      emitGatherPhases(i, std::min(gathers, i + kGatherPiece));
    });
  for (int64_t i = 0; i < columns; i += kStackPiece)
    piece([=, this] { emitStack(i, std::min(columns, i + kStackPiece)); });
}

void ConvGenerator::useBuffers(int p) {
  const BufferSet &set = sets[std::min<size_t>(p, sets.size() - 1)];
  inputVmem = set.input + imageOffset;
  stageVmem = set.stage;
  outputVmem = set.output;
  stackVmem = set.stack;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].kind == InputKind::Full)
      inputs[i].vmem = set.full[i];
}

/// A Full epilogue operand's block, in the output's VMEM layout.
int64_t ConvGenerator::emitLoadFullInput(const EpilogueInput &input,
                                         int64_t offset, int flag) {
  return emitOutputLayoutRows(DmaFunc::Load, input.vmem, input.hbmRegister,
                              offset, flag,
                              "epilogue operand (argument " +
                                  std::to_string(input.argument) +
                                  ")");
}

int64_t ConvGenerator::emitStoreOutputBlock(int hbmOut, int flag) {
  return emitOutputLayoutRows(DmaFunc::Store, outputVmem, hbmOut, 0, flag,
                              "output rows");
}

int64_t ConvGenerator::emitStoreChannels(int hbmOut, int flag,
                                         int64_t first, int64_t count) {
  return emitChannels(DmaFunc::Store, outputVmem, hbmOut, flag, first, count,
                      "output rows");
}

int64_t ConvGenerator::emitChannels(DmaFunc func, int64_t vmemBase,
                                    int hbmBase, int flag, int64_t first,
                                    int64_t count, const std::string &what,
                                    int64_t hbmOffset) {
  Copy copy = outputImageCopy();
  copy.outer = count;
  int64_t issued = 0;
  for (int64_t i = 0; i < nb; ++i)
    issued += emitCopy(func, copy,
                       vmemBase + (i * g.imagePitch + first * outPitch) * kF32,
                       hbmBase,
                       hbmOffset + (i * g.o + first) * g.ho * g.wo * kF32,
                       flag,
                       what + " of channels " + std::to_string(first) + "+" +
                           std::to_string(count));
  return issued;
}

int64_t ConvGenerator::emitOutputLayoutRows(DmaFunc func, int64_t vmemBase,
                                            int hbmBase, int64_t offset,
                                            int flag,
                                            const std::string &what) {
  int64_t issued = 0;
  for (int64_t i = 0; i < nb; ++i)
    issued += emitCopy(func, outputImageCopy(),
                       vmemBase + i * g.imagePitch * kF32, hbmBase,
                       offset + i * g.o * g.ho * g.wo * kF32, flag, what);
  return issued;
}

ConvGenerator::Copy ConvGenerator::outputImageCopy() const {
  // [o][ho] rows of wo elements: channel o, row oh at o outPitch + oh Wq.
  return {g.o,        outPitch * kF32, g.ho * g.wo * kF32, g.ho,
          g.wq * kF32, g.wo * kF32,     g.wo * kF32};
}

int64_t ConvGenerator::emitCopy(DmaFunc func, const Copy &copy, int64_t vmem,
                                int hbmBase, int64_t hbmOffset, int flag,
                                const std::string &what, int64_t from,
                                int64_t to) {
  // Each DMA: `rows` rows `vmemStride` / `hbmStride` apart; `dmas` of
  // them, `vmemStep` / `hbmStep` apart.
  int64_t rows, rowBytes, vmemStride, hbmStride, dmas, vmemStep, hbmStep;
  std::string shape;
  if (copy.merged()) {
    rows = copy.outer, rowBytes = copy.inner * copy.rowBytes;
    vmemStride = copy.vmemOuter, hbmStride = copy.hbmOuter;
    dmas = 1, vmemStep = hbmStep = 0;
    shape = "all in one";
  } else if (copy.innerLoop()) {
    rows = copy.outer, rowBytes = copy.rowBytes;
    vmemStride = copy.vmemOuter, hbmStride = copy.hbmOuter;
    dmas = copy.inner, vmemStep = copy.vmemInner, hbmStep = copy.hbmInner;
    shape = "a row of every channel a DMA";
  } else {
    rows = copy.inner, rowBytes = copy.rowBytes;
    vmemStride = copy.vmemInner, hbmStride = copy.hbmInner;
    dmas = copy.outer, vmemStep = copy.vmemOuter, hbmStep = copy.hbmOuter;
    shape = "a channel a DMA";
  }
  // DMA k of the copy: part k / dmas (of kMaxDmaRows rows), step k % dmas.
  int64_t total = copy.count();
  to = to < 0 ? total : std::min(to, total);
  int vmemReg = r.scalar(), hbm = r.scalar(), count = r.scalar();
  int64_t issued = 0;
  for (int64_t first = 0, k = 0; first < rows;
       first += kMaxDmaRows, k += dmas) {
    int64_t part = std::min(kMaxDmaRows, rows - first);
    int64_t begin = std::max(from, k) - k, end = std::min(to, k + dmas) - k;
    if (begin >= end)
      continue;
    b.li(vmemReg, vmem + first * vmemStride + begin * vmemStep);
    b.addi(hbm, hbmBase, hbmOffset + first * hbmStride + begin * hbmStep);
    Label top = b.newLabel();
    if (end - begin > 1) {
      b.li(count, end - begin);
      b.bind(top);
    }
    b.comment(what + " (" + shape + ")");
    b.dma(func, vmemReg, hbm, flag, part, rowBytes, vmemStride, hbmStride);
    if (end - begin > 1) {
      b.addi(vmemReg, vmemReg, vmemStep);
      b.addi(hbm, hbm, hbmStep);
      b.loop(count, top);
    }
    issued += end - begin;
  }
  env.regs.release(vmemReg);
  env.regs.release(hbm);
  env.regs.release(count);
  return issued;
}

void ConvGenerator::addPortions(
    SmallVectorImpl<std::function<void()>> &portions, DmaFunc func,
    const Copy &copy, int64_t vmem, int hbmBase, int64_t hbmOffset, int flag,
    std::string what, std::function<void()> before,
    std::function<void()> after) {
  int64_t total = copy.count();
  portionDmaCount += total;
  for (int64_t from = 0; from < total; from += kPortionDmas)
    portions.push_back([=, this] {
      if (before)
        before();
      emitCopy(func, copy, vmem, hbmBase, hbmOffset, flag, what, from,
               from + kPortionDmas);
      if (after)
        after();
    });
}

void ConvGenerator::addLoadPortions(
    SmallVectorImpl<std::function<void()>> &portions, int p, int hbmIn,
    int64_t offset, std::function<void()> before,
    std::function<void()> after, bool images, bool full) {
  // The addresses of set p, computed now; the current set restored.
  int64_t current = inputVmem;
  SmallVector<int64_t> currentFull;
  for (const EpilogueInput &input : inputs)
    currentFull.push_back(input.vmem);
  int64_t currentOutput = outputVmem, currentStack = stackVmem,
          currentStage = stageVmem;
  useBuffers(p);
  int64_t imageBytes = g.c * g.h * g.w * kF32;
  for (const LoadCopy &load : images ? inputCopies()
                                     : SmallVector<LoadCopy>{})
    for (int64_t i = 0; i < nb; ++i)
      addPortions(portions, DmaFunc::Load, load.copy,
                  load.vmem + i * load.vmemImage, hbmIn,
                  offset + i * imageBytes + load.hbmOffset, loaded[p],
                  load.what, before, after);
  int64_t outOffset = offset / (g.c * g.h * g.w) * (g.o * g.ho * g.wo);
  for (const EpilogueInput &input : inputs)
    if (full && input.kind == InputKind::Full)
      for (int64_t i = 0; i < nb; ++i)
        addPortions(portions, DmaFunc::Load, outputImageCopy(),
                    input.vmem + i * g.imagePitch * kF32, input.hbmRegister,
                    outOffset + i * g.o * g.ho * g.wo * kF32, loaded[p],
                    "epilogue operand (argument " +
                        std::to_string(input.argument) + ")",
                    before, after);
  inputVmem = current;
  outputVmem = currentOutput;
  stackVmem = currentStack;
  stageVmem = currentStage;
  for (auto [input, vmem] : llvm::zip(inputs, currentFull))
    input.vmem = vmem;
}

void ConvGenerator::addStorePortions(
    SmallVectorImpl<std::function<void()>> &portions, int q, int hbmOut,
    int64_t outOffset) {
  const BufferSet &set = sets[q];
  for (int64_t i = 0; i < nb; ++i)
    addPortions(portions, DmaFunc::Store, outputImageCopy(),
                set.output + i * g.imagePitch * kF32, hbmOut,
                outOffset + i * g.o * g.ho * g.wo * kF32, stored[q],
                "output rows");
}

SmallVector<ConvGenerator::Pop> ConvGenerator::popsOf(int64_t ocBase,
                                                      int64_t rows) const {
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  SmallVector<Pop> pops;
  // Row-major, so that consecutive pops share their accumulator row and
  // their per-channel epilogue operands.
  for (int64_t row = 0; row < rows; row += sublanes)
    for (int64_t col = 0; col < tileCols; col += lanes)
      for (int64_t m = 0; m < mxus; ++m)
        pops.push_back({m, ocBase, row, col, std::min(sublanes, rows - row),
                        std::min(lanes, tileCols - col)});
  return pops;
}

void ConvGenerator::releasePopRows(PopRows &shared) {
  for (int v : shared.operands)
    if (v >= 0)
      env.regs.releaseVector(v);
  shared.operands.clear();
  shared.ocBase = shared.row = shared.col = -1;
}

void ConvGenerator::emitPops(ArrayRef<Pop> pops, int accBase, int pos,
                             int64_t posOffset, PopRows &shared,
                             int address) {
  const Pop &first = pops.front();
  int64_t s = first.sublanes, l = first.lanes;
  // The accumulator row and the broadcast operands of these rows, kept
  // while the next pops read the same rows.
  if (shared.ocBase != first.ocBase || shared.row != first.row ||
      shared.col != first.col) {
    releasePopRows(shared);
    shared.ocBase = first.ocBase;
    shared.row = first.row;
    shared.col = first.col;
    b.addi(shared.acc, accBase, first.row);
    for (const EpilogueInput &input : inputs) {
      if (input.kind == InputKind::Full) {
        shared.operands.push_back(-1);
        continue;
      }
      int v = r.vector();
      if (input.kind == InputKind::PerChannel) {
        b.li(address, input.vmem + (first.ocBase + first.row) * kF32);
        b.vldStrided(v, address, kF32, s, l, 0);
      } else {
        b.li(address, input.vmem);
        b.vldStrided(v, address, 0, s, l, 0);
      }
      shared.operands.push_back(v);
    }
  }
  SmallVector<int> values;
  for (const Pop &pop : pops) {
    values.push_back(r.vector());
    b.pop(pop.mxu, values.back(), shared.acc, pop.col);
  }
  auto offsetOf = [&](const Pop &pop) {
    return ((pop.ocBase + pop.row) * outPitch + pop.mxu * tileCols + pop.col) *
               kF32 +
           posOffset;
  };
  // The epilogues of as many pops together as the registers allow (each
  // op for all of them in turn, its latency hidden), then their stores.
  int64_t fullCount = llvm::count_if(inputs, [](const EpilogueInput &input) {
    return input.kind == InputKind::Full;
  });
  int64_t perPop = chain ? static_cast<int64_t>(chain->size()) + 1 + fullCount
                         : 1;
  size_t batch = std::clamp<int64_t>(env.regs.freeVectors() / perPop, 1,
                                     static_cast<int64_t>(pops.size()));
  for (size_t first = 0; first < pops.size(); first += batch) {
    size_t last = std::min(pops.size(), first + batch);
    SmallVector<int> results(values.begin() + first, values.begin() + last);
    // The loads and stores address VMEM at `pos` + a constant: the offset
    // forms (vldo, vsto) take it as an immediate where it fits their
    // 30-bit field (every VMEM under 512 MiB). Else an address register is
    // set for each; in place, it is set for the operand's load and kept
    // for the store (else one register is set again for each).
    bool offsets = env.chip.vmemBytes < (int64_t(1) << 29);
    SmallVector<int> addresses;
    for (size_t k = first; !offsets && inPlace && chain && k < last; ++k) {
      int reg = env.regs.scalar();
      if (reg < 0)
        break;
      addresses.push_back(reg);
    }
    if (addresses.size() != last - first) {
      for (int reg : addresses)
        env.regs.release(reg);
      addresses.clear();
    }
    auto addressOf = [&](size_t k) {
      return addresses.empty() ? address : addresses[k - first];
    };
    SmallVector<SmallVector<int>> operands(last - first);
    SmallVector<int> fullOperands;
    if (chain) {
      for (size_t k = first; k < last; ++k)
        for (size_t i = 0; i < inputs.size(); ++i) {
          int v = shared.operands[i];
          if (inputs[i].kind == InputKind::Full) {
            v = r.vector();
            if (offsets) {
              b.vldOffset(v, pos, inputs[i].vmem + offsetOf(pops[k]),
                          outPitch * kF32, s, l);
            } else {
              b.addi(addressOf(k), pos, inputs[i].vmem + offsetOf(pops[k]));
              b.vld(v, addressOf(k), outPitch * kF32, s, l);
            }
            fullOperands.push_back(v);
          }
          operands[k - first].push_back(v);
        }
      // The chain computes into fresh registers and leaves its inputs.
      SmallVector<ArrayRef<int>> operandRefs(operands.begin(), operands.end());
      results.clear();
      if (failed(chain->emitTiles(
              env, ArrayRef<int>(values).slice(first, last - first),
              operandRefs, results))) {
        r.failed = true;
        return;
      }
    }
    for (size_t k = first; k < last; ++k) {
      int result = results[k - first];
      if (offsets) {
        b.vstOffset(result, pos, outputVmem + offsetOf(pops[k]),
                    outPitch * kF32, s, l, outStore);
      } else {
        // In place, the address is the operand's, set for its load.
        if (addresses.empty())
          b.addi(address, pos, outputVmem + offsetOf(pops[k]));
        b.vst(result, addressOf(k), outPitch * kF32, s, l, outStore);
      }
      env.regs.releaseVector(result);
      if (values[k] != result)
        env.regs.releaseVector(values[k]);
    }
    for (int v : fullOperands)
      if (!llvm::is_contained(results, v))
        env.regs.releaseVector(v);
    for (int reg : addresses)
      env.regs.release(reg);
  }
}

SmallVector<ConvGenerator::Fold>
ConvGenerator::foldsOf(int64_t group, int64_t ocBase) const {
  SmallVector<Fold> folds;
  int64_t taps = g.kh * g.kw;
  if (paired) {
    // Taps t and t + 1 together (the last one alone if KH KW is odd): the
    // image rows of tap t, then those of tap t + 1 from a copy shifted by
    // their offsets' difference.
    int64_t filterStride = taps * g.cg * filterBytes;
    for (int64_t t = 0; t < taps; t += 2) {
      int64_t filterAddress =
          weightsVmem + (ocBase * taps + t) * g.cg * filterBytes;
      if (t + 1 == taps) {
        folds.push_back({inputVmem + tapOffset(t) * kF32, inPitch, g.cg,
                         filterAddress, filterStride,
                         "tap " + std::to_string(t)});
        continue;
      }
      int64_t d = tapOffset(t + 1) - tapOffset(t);
      int64_t tileBase = d == afterShift
                             ? inputVmem + tapOffset(t) * kF32
                             : inputVmem + (tapOffset(t + 1) - g.c * inPitch) *
                                               kF32;
      folds.push_back({tileBase, inPitch, 2 * g.cg, filterAddress,
                       filterStride,
                       "taps " + std::to_string(t) + ", " +
                           std::to_string(t + 1) + " paired"});
    }
    return folds;
  }
  int64_t stackRows = taps * g.cg;
  for (int64_t kh = 0; kh < (stacked ? 1 : g.kh); ++kh)
    for (int64_t kw = 0; kw < (stacked ? 1 : g.kw); ++kw)
      for (int64_t chunk = 0; chunk < chunks; ++chunk) {
        // The stationary rows: K channels of one tap, or K stacked (tap,
        // channel) rows.
        int64_t first = chunk * kRows;
        int64_t rowsK = std::min(kRows, (stacked ? stackRows : g.cg) - first);
        if (stacked) {
          folds.push_back(
              {stackVmem + (group * stackRows + first) * stackPitch * kF32,
               stackPitch, rowsK,
               weightsVmem + (ocBase * stackRows + first) * filterBytes,
               stackRows * filterBytes,
               "stacked taps x channels " + std::to_string(first) + "+" +
                   std::to_string(rowsK)});
          continue;
        }
        int64_t channel = group * g.cg + first;
        int64_t phase = phaseOf(kh, kw);
        int64_t tap = tapOf(kh, kw);
        int64_t filterRow = (kh * g.kw + kw) * g.o + ocBase;
        // Direct: phase (a, b)'s element L is staged element
        // a C sw inPitch + sw L + b (emitTiles scales the position by sw).
        int64_t a = kh * g.dh % g.sh, bb = kw * g.dw % g.sw;
        folds.push_back(
            {direct ? stageVmem + (a * g.c * g.sw * inPitch +
                                   g.sw * (channel * inPitch + tap) + bb) *
                                      kF32
                    : inputVmem + ((phase * g.c + channel) * inPitch + tap) *
                                      kF32,
             direct ? g.sw * inPitch : inPitch, rowsK,
             weightsVmem + (filterRow * g.cg + first) * filterBytes,
             g.cg * filterBytes,
             "tap (" + std::to_string(kh) + ", " + std::to_string(kw) +
                 "), channels " + std::to_string(channel) + "+" +
                 std::to_string(rowsK)});
      }
  return folds;
}

/// Every tile group of the current block: each MXU one tile of `tileCols`
/// positions, all output channels, folds (foldsOf). A unit (one tile
/// group, one block of output channels) accumulates into one of `regions`
/// accumulator regions while the pops, epilogue and stores of the unit
/// `regions` - 1 units back run on the vector unit between its folds; the
/// first units of a block drain stale regions into positions that the
/// block's last units overwrite later (or into the slack before the output
/// image).
void ConvGenerator::emitTiles(ArrayRef<std::function<void()>> portions,
                              std::function<void(int64_t, int64_t)> unitDone,
                              std::function<void(int64_t, int64_t)> unitPops,
                              std::function<void(int64_t)> firstPops) {
  struct Unit {
    int64_t group, ocBase, rows;
  };
  SmallVector<Unit> units;
  for (int64_t group = 0; group < g.groups; ++group)
    for (int64_t ocBase = group * g.og; ocBase < (group + 1) * g.og;
         ocBase += ocBlock)
      units.push_back(
          {group, ocBase, std::min(ocBlock, (group + 1) * g.og - ocBase)});
  int64_t unitCount = units.size();
  int64_t stride = env.chip.mxu.accumulatorRows / regions;
  int64_t lag = regions - 1;
  int64_t groupBytes = mxus * tileCols * kF32;

  int pos = r.scalar(), count = r.scalar(), address = r.scalar(),
      weights = r.scalar(), accCur = r.scalar(), accPrev = r.scalar(),
      popAddress = r.scalar();
  // Direct: the stationary operand's position, sw x pos.
  int stagePos = direct ? r.scalar() : -1;
  PopRows shared;
  shared.acc = r.scalar();
  // Unit k accumulates into region k mod `regions`; unit k - lag, drained
  // meanwhile, used region (k + 1) mod `regions`.
  auto advance = [&](int reg, int from) {
    if (regions == 2) {
      b.alui(ScalarFunc::Xor, reg, from, stride);
      return;
    }
    b.addi(reg, from, stride);
    b.alui(ScalarFunc::And, reg, reg, regions * stride - 1);
  };
  // The unit `lag` units before unit u of the loop body: its index and
  // the offset of its tile group.
  auto lagging = [&](int64_t u) {
    int64_t j = u - lag, back = 0;
    for (; j < 0; j += unitCount)
      ++back;
    return std::make_pair(units[j], -back * groupBytes);
  };
  b.li(pos, drainOnly ? groups * groupBytes : 0);
  if (direct)
    b.li(stagePos, 0);
  b.li(accCur, accStart * stride);
  // The tile-group loop in segments, the portions spread over their
  // starts: a portion (a few DMAs) before each, or several when there
  // are more portions than tile groups.
  // With unit hooks, the last tile group is a segment of its own (the
  // only one whose pops complete units), after any portions left.
  bool hooked = unitDone || unitPops;
  int64_t plain = groups - (hooked ? 1 : 0);
  int64_t plainSegments =
      plain ? std::max<int64_t>(1, std::min<int64_t>(
                                       plain, static_cast<int64_t>(
                                                  portions.size())))
            : 0;
  // Front-loaded (few DMAs, no vector work among them), one segment: the
  // HBM channel then never idles until a later segment issues the rest.
  if (frontLoad && plainSegments)
    plainSegments = 1;
  struct Segment {
    int64_t count;      // tile groups
    size_t until;       // portions issued before it
    bool hooks;         // the last tile group, with unit hooks
    bool first;         // the tile group of the first own pop (firstPops)
    bool cross = false; // drainBefore or firstFolds: tile group 0
  };
  SmallVector<Segment> segmentList;
  for (int64_t segment = 0; !drainOnly && segment < plainSegments; ++segment)
    segmentList.push_back({plain * (segment + 1) / plainSegments -
                               plain * segment / plainSegments,
                           portions.size() * (segment + 1) / plainSegments,
                           false, false});
  if (hooked && !drainOnly)
    segmentList.push_back({1, portions.size(), true, false});
  // The first own pop: that of unit `firstUnit` (its lagging unit is
  // unit 0 of tile group 0) in tile group `firstGroup`, or in the pops
  // after the loop when the block has fewer units than `lag`.
  int64_t firstGroup = lag / unitCount;
  bool firstPending = static_cast<bool>(firstPops);
  if (firstPops && firstGroup < groups) {
    // Split the segment holding tile group `firstGroup` around it.
    int64_t start = 0;
    for (size_t k = 0; k < segmentList.size(); ++k) {
      Segment seg = segmentList[k];
      if (firstGroup >= start + seg.count) {
        start += seg.count;
        continue;
      }
      SmallVector<Segment, 3> pieces;
      if (firstGroup > start)
        pieces.push_back({firstGroup - start, seg.until, false, false});
      pieces.push_back({1, seg.until, seg.hooks, true});
      if (start + seg.count > firstGroup + 1)
        pieces.push_back(
            {start + seg.count - firstGroup - 1, seg.until, false, false});
      segmentList.erase(segmentList.begin() + k);
      segmentList.insert(segmentList.begin() + k, pieces.begin(),
                         pieces.end());
      break;
    }
  }
  bool splitFirst = drainBefore || firstFolds || foldWeights;
  if (splitFirst && !segmentList.empty() && segmentList.front().count > 1) {
    Segment rest = segmentList.front();
    rest.count -= 1;
    segmentList.front().count = 1;
    segmentList.insert(segmentList.begin() + 1, rest);
  }
  if (splitFirst && !segmentList.empty())
    segmentList.front().cross = true;
  size_t issuedPortions = 0;
  for (const Segment &seg : segmentList) {
  bool hooks = seg.hooks;
  for (; issuedPortions < seg.until; ++issuedPortions)
    portions[issuedPortions]();
  b.li(count, seg.count);
  Label top = b.newLabel();
  b.bind(top);
  for (int64_t u = 0; u < unitCount; ++u) {
    const Unit &unit = units[u];
    auto [previous, previousOffset] = lagging(u);
    // Tile group 0 drains the block before.
    if (drainBefore && seg.cross && u < lag)
      previousOffset += crossOffset;
    advance(accPrev, accCur);
    SmallVector<Pop> drain = popsOf(previous.ocBase, previous.rows);
    SmallVector<Fold> folds = foldsOf(unit.group, unit.ocBase);
    size_t next = 0;
    for (size_t fold = 0; fold < folds.size(); ++fold) {
      const Fold &f = folds[fold];
      if (firstFolds && seg.cross && u == 0 && int64_t(fold) < chunks &&
          !stacked && !paired)
        firstFolds(fold);
      if (foldWeights && seg.cross)
        foldWeights(f, false);
      for (int64_t m = 0; m < mxus; ++m) {
        if (direct)
          b.addi(address, stagePos, f.tileBase + m * tileCols * g.sw * kF32);
        else
          b.addi(address, pos, f.tileBase + m * tileCols * kF32);
        b.comment(f.what);
        b.ldw(m, address, f.rows, tileCols, f.pitch * kF32, /*f32=*/true,
              direct ? g.sw : 1);
        b.li(weights, f.filterAddress);
        b.matmul(m, accCur, weights, unit.rows, f.filterStride,
                 /*accumulate=*/fold > 0, /*swap=*/true,
                 /*f32=*/filterBytes == kF32);
      }
      if (foldWeights && seg.cross)
        foldWeights(f, true);
      // This fold's share of the lagging unit's pops, whole groups of the
      // MXUs' pops of the same rows.
      size_t until = (drain.size() / mxus) * (fold + 1) / folds.size() * mxus;
      if (hooks && unitPops && u >= lag && next == 0 && next < until)
        unitPops(previous.ocBase, previous.rows);
      int64_t own = firstGroup * unitCount + u - lag;
      if (seg.first && firstPending && own >= 0 && next == 0 &&
          next < until)
        firstPops(own);
      for (; next < until; next += mxus)
        emitPops(ArrayRef<Pop>(drain).slice(next, mxus), accPrev, pos,
                 previousOffset, shared, popAddress);
    }
    // The next unit drains other rows (and from another region).
    releasePopRows(shared);
    if (hooks && unitDone && u >= lag)
      unitDone(units[u - lag].ocBase, units[u - lag].rows);
    advance(accCur, accCur);
  }
  b.addi(pos, pos, groupBytes);
  if (direct)
    b.addi(stagePos, stagePos, g.sw * groupBytes);
  b.loop(count, top);
  if (seg.cross && afterCross)
    afterCross();
  if (seg.first && firstPending) {
    firstPops(-1);
    firstPending = false;
  }
  }
  // The last `lag` units' pops: those of the first `lag` units of a tile
  // group past the last one (unless the next block issues them).
  if (firstPending)
    firstPops(-1);
  for (int64_t u = 0; u < (deferDrain && !drainOnly ? 0 : lag); ++u) {
    auto [previous, previousOffset] = lagging(u);
    advance(accPrev, accCur);
    SmallVector<Pop> last = popsOf(previous.ocBase, previous.rows);
    if (unitPops && u - lag + unitCount >= 0)
      unitPops(previous.ocBase, previous.rows);
    for (size_t next = 0; next < last.size(); next += mxus)
      emitPops(ArrayRef<Pop>(last).slice(next, mxus), accPrev, pos,
               previousOffset, shared, popAddress);
    releasePopRows(shared);
    if (unitDone && u - lag + unitCount >= 0)
      unitDone(units[u - lag + unitCount].ocBase,
               units[u - lag + unitCount].rows);
    advance(accCur, accCur);
  }
  for (int reg : {pos, count, address, weights, accCur, accPrev, shared.acc,
                  popAddress})
    env.regs.release(reg);
  if (direct)
    env.regs.release(stagePos);
}

/// Copies, for every group, tap (kh, kw) and channel c of the group, the
/// run of `stackPitch` positions that the tap reads (phase (kh % sh,
/// kw % sw) from (kh / sh) Wq + kw / sw on) into stack row
/// (group, kh, kw, c): the (kh, kw, c) order of the accumulation, so that
/// one fold covers up to `rows` of them.
///
/// Column by column: one register holds the column's byte offset and
/// every row's `vldo` / `vsto` adds its row's address as an immediate, so
/// the scalar core issues two instructions a row and register (no s.addi
/// each) and the vector unit, its loads two ahead of their stores, copies
/// a register a cycle each way. The partial last column goes first: its
/// overrun into the next row's first positions is overwritten by column 0
/// afterwards (the last row's by nothing: the allocation's slack).
int64_t ConvGenerator::stackColumns() const {
  int64_t chunk = env.chip.vector.sublanes * env.chip.vector.lanes;
  return stackPitch / chunk + (stackPitch % chunk ? 1 : 0);
}

void ConvGenerator::emitStack(int64_t from, int64_t to) {
  if (to < 0)
    to = stackColumns();
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  int64_t chunk = sublanes * lanes;
  int regs[2] = {r.vector(), r.vector()};
  int column = r.scalar(), count = r.scalar();
  struct Row {
    int64_t src, dst;
    std::string what;
  };
  SmallVector<Row> rows;
  int64_t row = 0;
  for (int64_t group = 0; group < g.groups; ++group)
    for (int64_t kh = 0; kh < g.kh; ++kh)
      for (int64_t kw = 0; kw < g.kw; ++kw)
        for (int64_t c = 0; c < g.cg; ++c, ++row) {
          int64_t phase = phaseOf(kh, kw);
          int64_t tap = tapOf(kh, kw);
          rows.push_back(
              {inputVmem +
                   ((phase * g.c + group * g.cg + c) * inPitch + tap) * kF32,
               stackVmem + row * stackPitch * kF32,
               "stack tap (" + std::to_string(kh) + ", " +
                   std::to_string(kw) + ") channel " +
                   std::to_string(group * g.cg + c)});
        }
  // One column of every row: loads of two rows, then their stores.
  auto columnOf = [&](int64_t subs) {
    for (size_t i = 0; i < rows.size(); i += 2) {
      size_t n = std::min<size_t>(2, rows.size() - i);
      for (size_t k = 0; k < n; ++k) {
        b.comment(rows[i + k].what);
        b.vldOffset(regs[k], column, rows[i + k].src, lanes * kF32, subs,
                    lanes);
      }
      for (size_t k = 0; k < n; ++k)
        b.vstOffset(regs[k], column, rows[i + k].dst, lanes * kF32, subs,
                    lanes);
    }
  };
  // Column index 0 is the partial one, if any, then the full ones.
  int64_t full = stackPitch / chunk, rest = stackPitch % chunk;
  int64_t partial = rest ? 1 : 0;
  if (rest && from == 0) {
    b.li(column, full * chunk * kF32);
    columnOf(ceilDiv(rest, lanes));
  }
  int64_t lo = std::max(from, partial) - partial, hi = to - partial;
  if (lo < hi) {
    b.li(column, lo * chunk * kF32);
    b.li(count, hi - lo);
    Label top = b.newLabel();
    b.bind(top);
    columnOf(sublanes);
    b.addi(column, column, chunk * kF32);
    b.loop(count, top);
  }
  env.regs.releaseVector(regs[0]);
  env.regs.releaseVector(regs[1]);
  for (int reg : {column, count})
    env.regs.release(reg);
}

/// Rounds the f32 values of [vmem, vmem + bytes) to bf16 precision in
/// place (the allocation covers whole vector registers).
void ConvGenerator::emitRoundToBf16(int64_t vmem, int64_t bytes) {
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  int64_t block = sublanes * lanes * kF32;
  int v = r.vector(), address = r.scalar(), count = r.scalar();
  b.li(address, vmem);
  b.li(count, ceilDiv(bytes, block));
  Label top = b.newLabel();
  b.bind(top);
  b.comment("operands to bf16");
  b.vld(v, address, lanes * kF32, sublanes, lanes);
  b.valu(VectorFunc::RoundBf16, v, v);
  b.vst(v, address, lanes * kF32, sublanes, lanes);
  b.addi(address, address, block);
  b.loop(count, top);
  env.regs.releaseVector(v);
  env.regs.release(address);
  env.regs.release(count);
}

/// Depthwise: per block of `sublanes` channels and run of `lanes`
/// positions, acc = 0 + x(0,0) w(0,0) + x(0,1) w(0,1) ... in (kh, kw)
/// order on the vector unit (operands already bf16, products and sums
/// f32), then the epilogue.
void ConvGenerator::emitDepthwise() {
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  int64_t taps = g.kh * g.kw;
  bool keepWeights = taps <= 16;
  int zero = r.vector(), acc = r.vector(), x = r.vector();
  int cIn = r.scalar(), cOut = r.scalar(), cVec = r.scalar(),
      pos = r.scalar(), count = r.scalar(), address = r.scalar(),
      outer = r.scalar();
  SmallVector<int> weightRegs;
  if (keepWeights)
    for (int64_t t = 0; t < taps; ++t)
      weightRegs.push_back(r.vector());
  if (r.failed)
    return;
  b.li(address, 0);
  b.valu(VectorFunc::Splat, zero, 0, 0, 0, address);

  // One body per channel-block size: the full blocks in a loop, the rest
  // once.
  auto body = [&](int64_t s) {
    auto loadWeight = [&](int v, int64_t t) {
      b.alui(ScalarFunc::Mul, address, cVec, taps);
      b.addi(address, address, weightsVmem + t * kF32);
      b.vldStrided(v, address, taps * kF32, s, lanes, 0);
    };
    for (int64_t t = 0; keepWeights && t < taps; ++t)
      loadWeight(weightRegs[t], t);
    b.li(pos, 0);
    b.li(count, groups);
    Label top = b.newLabel();
    b.bind(top);
    for (int64_t kh = 0; kh < g.kh; ++kh)
      for (int64_t kw = 0; kw < g.kw; ++kw) {
        int64_t t = kh * g.kw + kw;
        int64_t phase = phaseOf(kh, kw);
        int64_t tap = tapOf(kh, kw);
        int w = keepWeights ? weightRegs[t] : x;
        if (!keepWeights)
          loadWeight(w, t);
        int in = keepWeights ? x : r.vector();
        b.alu(ScalarFunc::Add, address, pos, cIn);
        b.addi(address, address,
               inputVmem + (phase * g.c * inPitch + tap) * kF32);
        b.comment("tap (" + std::to_string(kh) + ", " + std::to_string(kw) +
                  ")");
        b.vld(in, address, inPitch * kF32, s, lanes);
        b.valu(VectorFunc::Mul, in, in, w);
        b.valu(VectorFunc::Add, acc, t == 0 ? zero : acc, in);
        if (!keepWeights)
          env.regs.releaseVector(in);
      }
    int result = acc;
    SmallVector<int> operands;
    if (chain) {
      for (const EpilogueInput &input : inputs) {
        int v = r.vector();
        switch (input.kind) {
        case InputKind::Full:
          b.alu(ScalarFunc::Add, address, pos, cOut);
          b.addi(address, address, input.vmem);
          b.vld(v, address, outPitch * kF32, s, lanes);
          break;
        case InputKind::PerChannel:
          b.addi(address, cVec, input.vmem);
          b.vldStrided(v, address, kF32, s, lanes, 0);
          break;
        case InputKind::Scalar:
          b.li(address, input.vmem);
          b.vldStrided(v, address, 0, s, lanes, 0);
          break;
        }
        operands.push_back(v);
      }
      result = chain->emit(env, acc, operands);
      r.failed |= result < 0;
      if (result < 0)
        return;
    }
    b.alu(ScalarFunc::Add, address, pos, cOut);
    b.addi(address, address, outputVmem);
    b.vst(result, address, outPitch * kF32, s, lanes, outStore);
    for (int v : operands)
      if (v != result)
        env.regs.releaseVector(v);
    if (result != acc)
      env.regs.releaseVector(result);
    b.addi(pos, pos, lanes * kF32);
    b.loop(count, top);
  };

  int64_t full = g.c / sublanes, rest = g.c % sublanes;
  b.li(cIn, 0);
  b.li(cOut, 0);
  b.li(cVec, 0);
  if (full) {
    b.li(outer, full);
    Label top = b.newLabel();
    b.bind(top);
    body(sublanes);
    b.addi(cIn, cIn, sublanes * inPitch * kF32);
    b.addi(cOut, cOut, sublanes * outPitch * kF32);
    b.addi(cVec, cVec, sublanes * kF32);
    b.loop(outer, top);
  }
  if (rest)
    body(rest);
  for (int v : weightRegs)
    env.regs.releaseVector(v);
  for (int v : {zero, acc, x})
    env.regs.releaseVector(v);
  for (int s : {cIn, cOut, cVec, pos, count, address, outer})
    env.regs.release(s);
}

LogicalResult ConvGenerator::generate() {
  if (failed(analyze()) || failed(plan()))
    return failure();
  // The filter's DMAs first: they run while the padding is zeroed and
  // the first block's input is requested, and are waited for just before
  // the first tile group (waitWeights). Piecewise in a kernel of one
  // block whose filter is rows of [KH * KW * O][C/groups]: after the
  // input's first chunk instead, piece by piece (emitWeightPieces), each
  // waited for before the first fold that reads it. (Not before a first
  // block of two buffer sets, whose MXUs start once the next block's
  // loads are issued: ResNet-50's 3x3/2 256->256 @14x14 at batch 8 lost
  // 376 cycles, the 3x3 256->256 134.)
  piecewise = !depthwise && !gatherFilter && !stacked && !paired &&
              g.n / nb == 1;
  emitLoadWeights();
  bool padded = g.padT || g.padL || g.padB || g.padR;
  // The padding stays zero: only the images are written afterwards. Set
  // 0's before the first block's loads; set 1's once they are issued (its
  // first loads come with the first block's tile groups), so that the
  // HBM channel starts early.
  auto zeroSet = [&](size_t p) {
    if (padded && g.phases == 1)
      emitZero(sets[p].input, inputBytes);
    if (padded && g.phases > 1 && (direct || p == 0))
      emitZero(sets[p].stage, stageBytes);
  };
  zeroSet(0);
  // The epilogue's constants once for the kernel.
  if (chain && failed(chain->hoistConstants(env)))
    return failure();
  // `again`: in a loop, so the flag is raised back for the next iteration
  // (and cleared after the loop).
  bool weightsKept = false;
  auto waitWeights = [&](bool again) {
    b.wait(weightsFlag, weightDmas);
    if (again)
      b.signal(weightsFlag, weightDmas);
    weightsKept |= again;
  };
  if (depthwise) {
    waitWeights(false);
    weightDmas = 0;
    emitRoundToBf16(weightsVmem, g.o * g.kh * g.kw * kF32);
  }

  int hbmIn = r.scalar(), hbmOut = r.scalar(), pairs = r.scalar(),
      one = r.scalar();
  loaded[0] = r.flag(), loaded[1] = r.flag();
  stored[0] = r.flag(), stored[1] = r.flag();
  for (EpilogueInput &input : inputs)
    if (input.kind == InputKind::Full) {
      input.hbmRegister = r.scalar();
      b.addi(input.hbmRegister, KernelEnv::argumentRegister(input.argument),
             0);
    }
  b.addi(hbmIn, KernelEnv::argumentRegister(inputArgument), 0);
  b.addi(hbmOut, KernelEnv::argumentRegister(outputArgument), 0);
  b.li(one, 1);
  int64_t blocks = g.n / nb;
  int64_t inBytes = nb * g.c * g.h * g.w * kF32;
  int64_t outBytes = nb * g.o * g.ho * g.wo * kF32;
  int64_t stores = nb * outputImageCopy().count();
  // Each output buffer starts as if its last store had completed.
  for (size_t p = 0; p < sets.size(); ++p)
    b.signal(stored[p], stores);

  useBuffers(0);
  int64_t loads = 0;
  // One buffer set: a block's input has been requested; it computes,
  // then stores.
  // One block of one tile group (the 7x7 layers at batch 8): each unit's
  // output channels are stored as soon as its last pop is issued, so that
  // the stores overlap the later units instead of following the last.
  // Its Full epilogue operands (a residual) are loaded unit by unit after
  // the input, and each unit's pops wait only for its own channels, so
  // that the MXUs start before the whole operand has arrived.
  bool storeUnits = blocks == 1 && groups == 1 && !depthwise;
  // One block of several tile groups (the 14x14 layers at batch 8) the
  // same way: its Full operands unit by unit after the input, each unit's
  // waited for only before its first pops (emitTiles' firstPops), and
  // each unit's output channels stored once its pops of the last tile
  // group are issued, so that the MXUs start once the input is in and
  // the stores overlap the last tile group's later units.
  bool streamUnits = blocks == 1 && groups > 1 && !depthwise;
  int64_t unitStores = 0;
  bool lastStoredUnits = false;
  bool loadUnits = (storeUnits || streamUnits) &&
                   llvm::any_of(inputs, [](const EpilogueInput &e) {
                     return e.kind == InputKind::Full;
                   });
  int fullFlag = loadUnits ? r.flag() : -1;
  // Per unit (by its first output channel): the Full operand DMAs; the
  // units in emitTiles' order.
  std::map<int64_t, int64_t> unitLoads;
  SmallVector<int64_t> unitOrder;
  size_t unitsWaited = 0;
  auto loadFullUnits = [&] {
    for (int64_t group = 0; group < g.groups; ++group)
      for (int64_t ocBase = group * g.og; ocBase < (group + 1) * g.og;
           ocBase += ocBlock)
        for (const EpilogueInput &input : inputs)
          if (input.kind == InputKind::Full) {
            if (unitOrder.empty() || unitOrder.back() != ocBase)
              unitOrder.push_back(ocBase);
            unitLoads[ocBase] += emitChannels(
                DmaFunc::Load, input.vmem, input.hbmRegister, fullFlag,
                ocBase, std::min(ocBlock, (group + 1) * g.og - ocBase),
                "epilogue operand (argument " +
                    std::to_string(input.argument) + ")");
          }
  };
  // Piecewise, one block: the DMAs after the input's first chunk and the
  // filter's first piece (the other chunks, the other pieces, each unit's
  // Full operands), in the order tile group 0 needs them, a few issued
  // before each of its folds (foldWeights) and any still pending before
  // a wait that needs them: issued at once, they would fill the DMA
  // queue and hold the scalar core (and the MXUs) until the channel has
  // taken all but the last few (ResNet-50 at batch 8: the 1x1 512->2048
  // @7x7 convs' MXUs started at cycle 5053).
  enum class Need { Chunk, Piece, Unit };
  struct Pending {
    Need need;
    int64_t key; // the chunk, piece or unit's first output channel
    int64_t dmas;
    std::function<void()> emit;
  };
  SmallVector<Pending> pending;
  size_t pendingNext = 0;
  auto flushUntil = [&](Need need, int64_t key) {
    for (size_t k = pendingNext; k < pending.size(); ++k)
      if (pending[k].need == need && pending[k].key == key) {
        for (; pendingNext <= k; ++pendingNext)
          pending[pendingNext].emit();
        return;
      }
  };
  // Two portions a fold: issued a portion ahead of its first wait, a
  // chunk waited for one fold after it was issued takes the DMA latency
  // every fold (ResNet-50's 2048->512 @7x7: 15849 -> 19257 cycles).
  auto emitSome = [&] {
    for (int64_t dmas = 0; pendingNext < pending.size() &&
                           dmas < 2 * kPortionDmas;
         ++pendingNext) {
      dmas += pending[pendingNext].dmas;
      pending[pendingNext].emit();
    }
  };
  auto pieceOf = [&](int64_t address) -> int64_t {
    int64_t rowBytes = g.cg * filterBytes;
    for (size_t k = 0; k < weightPieces.size(); ++k)
      if (address >= weightPieces[k].vmem &&
          address < weightPieces[k].vmem + weightPieces[k].rows * rowBytes)
        return k;
    return -1;
  };
  // A first block of several channel chunks loads its input chunk by
  // chunk, and its tile group 0 waits for each chunk only before the
  // first fold that reads it (firstFolds).
  // (Strided, only 1x1: a 3x3's row phases are copied a DMA a row of
  // every channel, which chunks multiply, and its second chunk is read
  // by its second fold; ResNet-50's 3x3/2 256->256 lost 350 cycles;
  // but in a kernel of one block, whose later chunks are issued during
  // tile group 0 (piecewise), the 3x3/2 512->512 @7x7 at batch 8 gains:
  // 25693 -> 25261 cycles.)
  bool chunkable = !depthwise && !stacked && !paired && chunks > 1 &&
                   g.groups == 1 &&
                   (g.phases == 1 || (direct && g.kh * g.kw == 1) ||
                    (direct && piecewise));
  SmallVector<int64_t> chunkLoads;
  auto emitChunk = [&](int64_t c) {
    int64_t imageBytes = g.c * g.h * g.w * kF32;
    int64_t first = c * kRows, count = std::min(kRows, g.c - first);
    int64_t issued = 0;
    for (const LoadCopy &load : inputCopies()) {
      Copy copy = load.copy;
      copy.outer = count;
      for (int64_t i = 0; i < nb; ++i)
        issued += emitCopy(
            DmaFunc::Load, copy,
            load.vmem + i * load.vmemImage + first * copy.vmemOuter, hbmIn,
            i * imageBytes + load.hbmOffset + first * copy.hbmOuter,
            loaded[0],
            load.what + ", channels " + std::to_string(first) + "+" +
                std::to_string(count));
    }
    chunkLoads.push_back(issued);
    return issued;
  };
  int64_t firstLoads = 0;
  auto block = [&] {
    useBuffers(0);
    b.wait(loaded[0], piecewise ? firstLoads : loads);
    if (g.phases > 1 && !direct)
      emitGatherPhases();
    if (stacked)
      emitStack();
    b.wait(stored[0], stores);
    if (depthwise) {
      emitRoundToBf16(inputVmem, inputBytes);
      emitDepthwise();
    } else if (storeUnits) {
      emitTiles(
          {},
          [&](int64_t first, int64_t count) {
            unitStores += emitStoreChannels(hbmOut, stored[0], first, count);
          },
          [&](int64_t first, int64_t) {
            if (loadUnits) {
              flushUntil(Need::Unit, first);
              b.wait(fullFlag, unitLoads[first]);
            }
          });
    } else if (streamUnits) {
      std::function<void(int64_t)> firstPops;
      if (loadUnits)
        firstPops = [&](int64_t unit) {
          size_t upto = unit < 0 ? unitOrder.size() : size_t(unit) + 1;
          if (upto)
            flushUntil(Need::Unit, unitOrder[upto - 1]);
          int64_t count = 0;
          for (; unitsWaited < upto; ++unitsWaited)
            count += unitLoads[unitOrder[unitsWaited]];
          if (count)
            b.wait(fullFlag, count);
        };
      emitTiles(
          {},
          [&](int64_t first, int64_t count) {
            unitStores += emitStoreChannels(hbmOut, stored[0], first, count);
          },
          nullptr, firstPops);
    } else {
      emitTiles();
    }
    if (!storeUnits && !streamUnits)
      emitStoreOutputBlock(hbmOut, stored[0]);
    b.addi(hbmIn, hbmIn, inBytes);
    b.addi(hbmOut, hbmOut, outBytes);
    for (const EpilogueInput &input : inputs)
      if (input.kind == InputKind::Full)
        b.addi(input.hbmRegister, input.hbmRegister, outBytes);
  };
  // Two buffer sets: one block in set p, its input already requested.
  // The loads of the block after it (`next`, into set 1 - p; skipped
  // when `lastCheck` finds this the loop's last iteration), then the
  // stores of the block before it (`previous`, from set 1 - p), are
  // issued in portions before its tile groups, so that the DMAs run while
  // it computes and the scalar core never waits long on the DMA queue.
  // A block's phase gather and stack run on the vector unit: the first
  // block's before its tile groups, every later one's between the tile
  // groups of the block before (addPreparePortions), so that they overlap
  // its MXU work, where a block has enough tile groups to spread them
  // over (measured on ResNet-50 at batch 8: the stem's 26 a block gain;
  // blocks of 2 to 4, whose few segments each hold up the MXUs behind a
  // long wait and vector work, lose). A block without them waits for its
  // loads here.
  constexpr int64_t kMinPrepareGroups = 8;
  bool prepares =
      ((g.phases > 1 && !direct) || stacked) && groups >= kMinPrepareGroups;
  int64_t firstFullLoads = 0, firstInputLoads = 0;
  SmallVector<int64_t> firstUnitLoads; // per unit of emitTiles
  size_t firstWaited = 0;
  // Units a block and whether blocks hand their last units' pops over
  // (crossDrain; every Full operand in place, so that one offset moves a
  // pop's operand and result to the other set).
  int64_t blockUnits = g.groups * ceilDiv(g.og, ocBlock) * groups;
  crossDrain = sets.size() == 2 && regions == 2 && !depthwise &&
               llvm::all_of(inputs, [&](const EpilogueInput &e) {
                 return e.kind != InputKind::Full || inPlace;
               });
  // Later blocks wait for their input alone, then for each unit's
  // residual before its first pops (the loads of the addition above).
  bool unitResidual = crossDrain && inPlace;
  int64_t laterInputLoads = 0;
  for (const LoadCopy &load : inputCopies())
    laterInputLoads += nb * load.copy.count();
  size_t laterWaited = 0;
  auto laterPops = [&](int p) -> std::function<void(int64_t)> {
    laterWaited = 0;
    return [&, p](int64_t unit) {
      size_t upto = unit < 0 ? firstUnitLoads.size() : size_t(unit) + 1;
      int64_t count = 0;
      for (; laterWaited < upto; ++laterWaited)
        count += firstUnitLoads[laterWaited];
      if (count)
        b.wait(loaded[p], count);
    };
  };
  auto interleaved = [&](int p, bool previous, bool next, bool lastCheck) {
    useBuffers(p);
    drainBefore = crossDrain && previous;
    deferDrain = crossDrain && next;
    crossOffset = sets[1 - p].output - sets[p].output +
                  groups * mxus * tileCols * kF32;
    accStart = crossDrain && blockUnits % 2 ? p : 0;
    // drainBefore: the block before is drained in this block's first tile
    // group, so its stores (and, in place, the next block's Full operands
    // loaded over them) are issued after it.
    SmallVector<std::function<void()>> late;
    bool lateIssued = false;
    afterCross = [&] {
      for (const std::function<void()> &portion : late)
        portion();
      lateIssued = true;
    };
    if (!previous || !prepares) {
      b.wait(loaded[p], firstFullLoads || firstFolds ? firstInputLoads
                        : previous && unitResidual    ? laterInputLoads
                                                      : loads);
      if (g.phases > 1 && !direct)
        emitGatherPhases();
      if (stacked)
        emitStack();
    }
    b.wait(stored[p], stores);
    SmallVector<std::function<void()>> portions;
    portionDmaCount = 0;
    Label skip;
    std::function<void()> before, after;
    if (lastCheck) {
      before = [&] {
        skip = b.newLabel();
        b.branch(BranchFunc::Eq, pairs, one, skip);
      };
      after = [&] { b.bind(skip); };
    }
    // In place, the residual of the next block is loaded into the output
    // buffer the block before stores from: after those stores (the DMA
    // channel completes in order).
    if (next)
      addLoadPortions(portions, 1 - p, hbmIn, inBytes, before, after,
                      /*images=*/true, /*full=*/!inPlace);
    if (previous)
      addStorePortions(drainBefore ? late : portions, 1 - p, hbmOut,
                       -outBytes);
    // With crossDrain the next block's residual is loaded unit by unit
    // (the units of firstUnitLoads, in order), and that block waits for
    // each unit's channels only before its first pops (firstPops), not
    // for the whole residual before its first tile group.
    if (next && inPlace && crossDrain) {
      SmallVectorImpl<std::function<void()>> &into =
          drainBefore ? late : portions;
      for (int64_t group = 0; group < g.groups; ++group)
        for (int64_t ocBase = group * g.og; ocBase < (group + 1) * g.og;
             ocBase += ocBlock)
          for (size_t k = 0; k < inputs.size(); ++k)
            if (inputs[k].kind == InputKind::Full) {
              int64_t count = std::min(ocBlock, (group + 1) * g.og - ocBase);
              int64_t vmem = sets[1 - p].full[k];
              int reg = inputs[k].hbmRegister, flag = loaded[1 - p];
              unsigned argument = inputs[k].argument;
              Copy copy = outputImageCopy();
              copy.outer = count;
              portionDmaCount += nb * copy.count();
              into.push_back([=, this] {
                if (before)
                  before();
                emitChannels(DmaFunc::Load, vmem, reg, flag, ocBase, count,
                             "epilogue operand (argument " +
                                 std::to_string(argument) + ")",
                             outBytes);
                if (after)
                  after();
              });
            }
    } else if (next && inPlace) {
      addLoadPortions(drainBefore ? late : portions, 1 - p, hbmIn, inBytes,
                      before, after, /*images=*/false, /*full=*/true);
    }
    if (next && prepares)
      addPreparePortions(portions, 1 - p, loads, before, after);
    // Where the DMA queue takes every DMA of the portions at once (a few
    // whole-image copies: the 1x1 convs, HBM-bound), they are all issued
    // before the first tile group: spread over the tile groups, the
    // channel idled between them and the next block waited for its
    // operands (ResNet-50 at batch 8: the 1x1 64->256 @56x56 convs
    // 67087 -> 61440 cycles, 128->512 @28x28 37878 -> 36145). Many DMAs
    // (row copies) or vector work (prepares) stay spread: issued at once,
    // the scalar core would wait on a full DMA queue while the MXUs idle.
    frontLoad =
        !(next && prepares) && portionDmaCount <= env.chip.queueDepth;
    if (depthwise) {
      for (const std::function<void()> &portion : portions)
        portion();
      emitRoundToBf16(inputVmem, inputBytes);
      emitDepthwise();
    } else if (!next) {
      // The last block (outside the pair loop): each unit's channels are
      // stored once its pops of the last tile group are issued.
      lastStoredUnits = true;
      emitTiles(
          portions,
          [&, p](int64_t first, int64_t count) {
            unitStores += emitStoreChannels(hbmOut, stored[p], first, count);
          },
          nullptr, unitResidual ? laterPops(p) : nullptr);
    } else if (previous && unitResidual) {
      emitTiles(portions, nullptr, nullptr, laterPops(p));
    } else if (firstFullLoads) {
      emitTiles(portions, nullptr, nullptr, [&, p](int64_t unit) {
        size_t upto = unit < 0 ? firstUnitLoads.size() : size_t(unit) + 1;
        int64_t count = 0;
        for (; firstWaited < upto; ++firstWaited)
          count += firstUnitLoads[firstWaited];
        if (count)
          b.wait(loaded[p], count);
      });
    } else {
      emitTiles(portions);
    }
    if (!lateIssued)
      afterCross();
    afterCross = nullptr;
    drainBefore = deferDrain = false;
    accStart = 0;
    b.addi(hbmIn, hbmIn, inBytes);
    b.addi(hbmOut, hbmOut, outBytes);
    for (const EpilogueInput &input : inputs)
      if (input.kind == InputKind::Full)
        b.addi(input.hbmRegister, input.hbmRegister, outBytes);
  };
  if (blocks == 1 || sets.size() == 1) {
    // One buffer set: each block loads, computes and stores in turn.
    b.li(pairs, blocks);
    Label top = b.newLabel();
    b.bind(top);
    if (piecewise) {
      // One block: the input's first chunk (or all of it), the filter's
      // first piece, the rest pending.
      firstLoads = chunkable ? emitChunk(0)
                             : emitLoadInputBlock(hbmIn, 0, loaded[0],
                                                  /*full=*/false);
      emitWeightPieces(1);
      for (int64_t c = 1; chunkable && c < chunks; ++c)
        pending.push_back({Need::Chunk, c, nb * int64_t(inputCopies().size()),
                           [&, c] { emitChunk(c); }});
      // Each unit's pieces, then its Full operands.
      int64_t taps = g.kh * g.kw;
      for (size_t k = 1; k <= weightPieces.size(); ++k) {
        if (k < weightPieces.size())
          pending.push_back({Need::Piece, int64_t(k), 1,
                             [&, k] { emitWeightPieces(k + 1); }});
        if (!loadUnits || (k % taps) != 0)
          continue;
        // Unit k / taps - 1, in emitTiles' order (that of the pieces).
        int64_t ocBase = 0;
        for (int64_t group = 0, n = 0; group < g.groups; ++group)
          for (int64_t oc = group * g.og; oc < (group + 1) * g.og;
               oc += ocBlock, ++n)
            if (n == int64_t(k) / taps - 1)
              ocBase = oc;
        unitOrder.push_back(ocBase);
        pending.push_back({Need::Unit, ocBase, kPortionDmas, [&, ocBase] {
                             for (const EpilogueInput &input : inputs)
                               if (input.kind == InputKind::Full) {
                                 unitLoads[ocBase] += emitChannels(
                                     DmaFunc::Load, input.vmem,
                                     input.hbmRegister, fullFlag, ocBase,
                                     std::min(ocBlock,
                                              g.og - ocBase % g.og),
                                     "epilogue operand (argument " +
                                         std::to_string(input.argument) +
                                         ")");
                               }
                           }});
      }
      // The first portions at once: they are on their way while the
      // first chunk and piece arrive.
      emitSome();
      if (chunkable)
        firstFolds = [&](int64_t chunk) {
          if (chunk == 0)
            return;
          flushUntil(Need::Chunk, chunk);
          b.wait(loaded[0], chunkLoads[chunk]);
        };
      // After a fold's MXU instructions, so that the MXUs have work
      // queued while the scalar core waits for room in the DMA queue.
      foldWeights = [&](const Fold &f, bool issued) {
        if (issued) {
          emitSome();
          return;
        }
        int64_t k = pieceOf(f.filterAddress);
        if (k > 0)
          flushUntil(Need::Piece, k);
        waitWeightPiece(f.filterAddress);
      };
    } else {
      loads = emitLoadInputBlock(hbmIn, 0, loaded[0], !loadUnits);
      if (loadUnits)
        loadFullUnits();
      if (weightDmas)
        waitWeights(blocks > 1);
    }
    block();
    if (piecewise) {
      // Whatever tile group 0 did not need (nothing, as a rule).
      for (; pendingNext < pending.size(); ++pendingNext)
        pending[pendingNext].emit();
      if (piecesWaited < weightPieces.size())
        waitWeightPiece(weightPieces.back().vmem);
      firstFolds = nullptr;
      foldWeights = nullptr;
    }
    b.loop(pairs, top);
  } else {
    // Block 0, then pairs of blocks in sets 1 and 0, then block
    // `blocks` - 1 in set 1 when the rest is odd; the last block's stores
    // after it.
    // The first block's Full operands (a residual) after its input, on
    // the same flag, unit by unit, each unit's channels waited for only
    // before their first pop: the MXUs start once the input is in
    // (ResNet-50 at batch 8: a block's residual takes the HBM channel
    // about 2800 cycles).
    // (chunkable: the first block's input chunk by chunk, firstFolds.)
    bool chunkedFirst = chunkable;
    if (chunkedFirst) {
      loads = 0;
      for (int64_t c = 0; c < chunks; ++c)
        emitChunk(c);
      // What every later block's whole-image input copies take.
      for (const LoadCopy &load : inputCopies())
        loads += nb * load.copy.count();
    } else {
      loads = emitLoadInputBlock(hbmIn, 0, loaded[0], /*full=*/depthwise);
    }
    firstInputLoads = chunkedFirst ? chunkLoads[0] : loads;
    if (chunkedFirst)
      firstFolds = [&, waited = int64_t(0)](int64_t chunk) mutable {
        if (chunk > waited) {
          b.wait(loaded[0], chunkLoads[chunk]);
          waited = chunk;
        }
      };
    if (!depthwise)
      for (int64_t group = 0; group < g.groups; ++group)
        for (int64_t ocBase = group * g.og; ocBase < (group + 1) * g.og;
             ocBase += ocBlock) {
          int64_t issued = 0;
          for (const EpilogueInput &input : inputs)
            if (input.kind == InputKind::Full)
              issued += emitChannels(
                  DmaFunc::Load, input.vmem, input.hbmRegister, loaded[0],
                  ocBase, std::min(ocBlock, (group + 1) * g.og - ocBase),
                  "epilogue operand (argument " +
                      std::to_string(input.argument) + ")");
          firstUnitLoads.push_back(issued);
          firstFullLoads += issued;
        }
    // Every later block loads its Full operands an image a copy
    // (addLoadPortions).
    for (const EpilogueInput &input : inputs)
      if (!depthwise && input.kind == InputKind::Full)
        loads += nb * outputImageCopy().count();
    zeroSet(1);
    if (weightDmas)
      waitWeights(false);
    interleaved(0, false, true, false);
    firstFolds = nullptr;
    firstFullLoads = 0;
    int64_t rest = blocks - 1;
    if (rest / 2) {
      b.li(pairs, rest / 2);
      Label top = b.newLabel();
      b.bind(top);
      interleaved(1, true, true, false);
      interleaved(0, true, true, rest % 2 == 0);
      b.loop(pairs, top);
    }
    if (rest % 2)
      interleaved(1, true, false, false);
    int last = (blocks - 1) % 2;
    if (crossDrain && rest % 2 == 0) {
      // The pair loop's last block left its last units' pops.
      useBuffers(last);
      drainOnly = true;
      accStart = blockUnits % 2 ? blocks % 2 : 0;
      emitTiles();
      drainOnly = false;
      accStart = 0;
    }
    if (!lastStoredUnits)
      emitOutputLayoutRows(DmaFunc::Store, sets[last].output, hbmOut,
                           -outBytes, stored[last], "output rows");
  }
  int last = (blocks - 1) % 2;
  for (size_t p = 0; p < sets.size(); ++p)
    b.wait(stored[p],
           storeUnits || streamUnits || (lastStoredUnits && int(p) == last)
               ? unitStores
               : stores);
  if (weightsKept)
    b.wait(weightsFlag, weightDmas);
  env.regs.releaseFlag(weightsFlag);
  if (fullFlag >= 0)
    env.regs.releaseFlag(fullFlag);
  for (int reg : {hbmIn, hbmOut, pairs, one})
    env.regs.release(reg);
  for (int flag : {loaded[0], loaded[1], stored[0], stored[1]})
    env.regs.releaseFlag(flag);
  if (chain)
    chain->releaseConstants(env);
  if (r.failed)
    return env.error(conv, "needs more registers than the chip has");
  return success();
}

LogicalResult generateConv(KernelEnv &env) {
  ConvGenerator generator(env, findConv(env.kernel));
  return generator.generate();
}

} // namespace

void addConvPatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back({"conv", matchesConv, generateConv});
}

} // namespace loom::systolic::codegen
