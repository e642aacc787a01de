//===- Matmul.cpp - Matmuls and batched matmuls on the MXUs ---------------===//
//
// Part of the Loom project.
//
// A kernel anchored on one loom.matmul (2-D, or batched with NumPy-broadcast
// batch dimensions), followed by an elementwise epilogue (ElementwiseChain),
// runs weight-stationary: the result is cut into output tiles of at most
// `Mb` rows (the rows one pass streams, bounded by half the accumulator
// rows and by VMEM) and `cols` columns. Consecutive tiles form groups of
// `mxu.count` tiles, one a MXU, so the MXUs of a group work in parallel.
// For a tile, each fold of at most `rows` rows of K loads its weight tile
// (ldw from the tile's K x cols strip of B) and streams the tile's rows of
// A through it (matmul.swap, overwriting on the first fold and `.acc` after
// it), which is exactly the k = 0..K-1 order of the evaluator's Bf16Matmul
// mode; `.f32` operand forms round the f32 data to bf16 on the way in.
// Constant weights are rounded to bf16 once (the same rounding) and loaded
// as bf16: half the bytes. Those every caller passes arrive as a bf16
// argument that the kernel widens with a loom.cast
// (loom-systolic-bf16-matmul-weights), which ldw reads directly; constants
// of the kernel itself are rounded when the library is built and go into
// the library's constants.
//
// The pipeline overlaps three kinds of work:
//   * DMA: loads are issued fold by fold (the K columns of A and the K rows
//     of B one fold reads; adjacent tiles of one matrix in one transfer) a
//     window ahead of the fold that waits for them, into two VMEM buffers
//     used by alternate groups; data a group shares with the previous one
//     (A across N tiles, B across M blocks) is not loaded again. The HBM
//     channel completes transfers in issue order, so one flag counts all
//     loads and one all stores, and a wait names how many have landed.
//   * MXU: each ldw stages the next fold's weights while the current fold
//     streams; groups alternate between two accumulator regions. The last
//     fold streams in row chunks, so the epilogue of a chunk can start
//     while the later chunks stream.
//   * vector unit: group g - 1's epilogue (pop, the chain on the f32
//     accumulator values, vst into one of two staging buffers) is issued
//     between group g's folds (before them when the loads bound the
//     kernel), chunk by chunk, and each tile's finished chunk leaves by
//     DMA; a staging buffer is written again once the stores of its
//     previous group have landed.
// The epilogue's other operands (bias, residual, mask, ...) are loaded
// whole into VMEM once and read with strided vector loads, so any
// broadcast of them costs nothing extra.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"
#include "backends/systolic/codegen/VectorTiles.h"

#include "ir/LoomOps.h"
#include "runtime/Float16.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace loom::systolic::codegen {

namespace {

using namespace mlir;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t alignUp(int64_t value, int64_t alignment) {
  return ceilDiv(value, alignment) * alignment;
}

/// How an epilogue operand's elements are stored, for vld; nullopt when
/// the vector unit cannot load them.
std::optional<ElementType> vectorElementType(Type type) {
  if (type.isF32())
    return ElementType::F32;
  if (type.isBF16())
    return ElementType::Bf16;
  if (type.isInteger(1) || type.isUnsignedInteger(8))
    return ElementType::U8;
  if (type.isSignlessInteger(32) || type.isSignedInteger(32))
    return ElementType::I32;
  if (type.isSignlessInteger(64) || type.isSignedInteger(64))
    return ElementType::I64;
  return std::nullopt;
}

/// One output tile: rows [m0, m0 + rows) and columns [n0, n0 + cols) of the
/// result matrix of batch `batch`.
struct Tile {
  int64_t batch, m0, rows, n0, cols;
  /// The A block (lhs matrix, m0) and B strip (rhs matrix, n0) it reads.
  int64_t aKey, bKey;
};

/// Tiles that run at the same time, tile j on MXU j.
struct Group {
  SmallVector<Tile> tiles;
  /// The distinct A blocks of the group in first-use order, and each
  /// tile's position in that list (its A slot).
  SmallVector<int64_t> aKeys;
  SmallVector<int64_t> aSlot;
  SmallVector<int64_t> bKeys;
  /// Whether the group reads the same A blocks (B strips) as the previous
  /// group, which are then not loaded again.
  bool reuseA = false, reuseB = false;
  /// Whether the A blocks are consecutive whole matrices (one transfer a
  /// fold), and whether the B strips are adjacent columns of one matrix
  /// (one transfer a fold, kept as one [K, columns] block in VMEM).
  bool mergedA = false, mergedB = false;
  int64_t columns = 0; // sum of the tiles' columns
};

/// One epilogue step: `sublanes` rows from `r0` and `lanes` columns from
/// `c0` of tile `tile` of a group.
struct Item {
  int64_t tile, r0, c0;
};

/// The last fold of a tile streams its rows in up to this many chunks (of
/// at least a quarter of the array's rows), so that the epilogue of the
/// first chunks (and their stores) overlaps the streaming and draining of
/// the later ones.
constexpr int64_t kChunksPerTile = 8;

class MatmulGenerator {
public:
  MatmulGenerator(KernelEnv &env, MatmulOp op) : env(env), b(env.b), op(op) {}
  LogicalResult generate();

private:
  LogicalResult analyze();
  std::vector<Group> makeGroups(int64_t blockRows) const;
  int64_t vmemNeeded(int64_t blockRows, const std::vector<Group> &plan) const;
  LogicalResult plan();
  LogicalResult allocate();
  void loadContiguous(int64_t vmem, int argument, int64_t bytes);
  void issueLoads(size_t g, int64_t fold);
  void emitFold(size_t g, int64_t fold);
  SmallVector<Item> itemsOf(size_t g) const;
  LogicalResult emitItems(size_t g, ArrayRef<Item> items);
  LogicalResult storeChunk(size_t g, int64_t j, int64_t chunk);
  void release();

  int64_t lhsMatrix(int64_t batch) const;
  int64_t rhsMatrix(int64_t batch) const;
  int64_t bRowStride(const Group &group, size_t j) const;
  int64_t bAddress(size_t g, size_t j, int64_t k0) const;

  KernelEnv &env;
  ProgramBuilder &b;
  MatmulOp op;

  // The problem.
  int64_t M = 0, K = 0, N = 0, batchCount = 1;
  SmallVector<int64_t> batchShape;
  SmallVector<int64_t> lhsBatchStrides, rhsBatchStrides; // in matrices
  /// Where a matmul operand lives in HBM: a kernel argument, or a constant
  /// copied into the library's constants (constant weights as bf16).
  struct Place {
    int reg = -1;
    int64_t offset = 0;
    int64_t elementBytes = 4; // 2: bf16
  };
  FailureOr<Place> placeOf(Value operand, bool weights);
  FailureOr<Place> placeOfBf16Argument(int argument, bool bf16Rows);
  ElementsAttr callerConstant(unsigned argument) const;
  Place lhs, rhs;
  int outArgument = -1;
  ElementType outStore = ElementType::F32; // I32: an i32 result
  std::optional<ElementwiseChain> chain;
  SmallVector<ElementType> inputTypes;
  int64_t bBytes = 4; // bytes of an element of B in HBM and VMEM

  // The chip.
  int64_t R = 0, C = 0, mxus = 0, S = 0, L = 0, alignment = 0;

  // The plan.
  int64_t blockRows = 0;  // Mb
  int64_t accRegion = 0;  // accumulator rows between the two regions
  std::vector<Group> groups;
  int64_t aSlots = 0, aBlockBytes = 0, bSlotBytes = 0;
  int64_t outStride = 0, outSlotBytes = 0;
  int64_t aBuffer[2] = {0, 0}, bBuffer[2] = {0, 0}, outBuffer[2] = {0, 0};
  SmallVector<int64_t> inputBuffers;
  SmallVector<int> groupASlot, groupBSlot; // buffer (0/1) of each group

  /// The transfers of one direction on the in-order HBM channel: they
  /// complete in issue order, so waiting for `position` transfers (counted
  /// from the kernel's start) waits for exactly those.
  struct DmaStream {
    int flag = -1;
    int64_t issued = 0, waited = 0;
  };
  void waitFor(DmaStream &stream, int64_t position);
  DmaStream loads, stores;
  /// Loads issued once fold k of group g's operands are on their way.
  std::vector<SmallVector<int64_t>> foldLoaded;
  int64_t inputsLoaded = 0;
  /// Stores issued once each group's tiles are on their way.
  SmallVector<int64_t> groupStored;

  // Registers.
  int sAddr = -1, sAcc = -1, sRegion[2] = {-1, -1};
  int64_t batchSize = 1; // epilogue items in flight at once
  SmallVector<int> vAcc;
  SmallVector<SmallVector<int>> vInputs;
  /// What each input register holds (VMEM address, sublanes, lanes): the
  /// chain only reads them, so a register still holding the elements an
  /// item needs (a bias row, a mask broadcast over batches) is not loaded
  /// again.
  SmallVector<SmallVector<std::array<int64_t, 3>>> vInputsHold;
  int64_t chunkRows = 0;
  /// Items not yet finished per (tile, chunk) of the group being finished.
  SmallVector<SmallVector<int64_t>> itemsLeft;
};

LogicalResult MatmulGenerator::analyze() {
  auto lhsType = cast<RankedTensorType>(op.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
  auto resultType = cast<RankedTensorType>(op.getResult().getType());
  if (!lhsType.getElementType().isF32()) {
    std::string type;
    llvm::raw_string_ostream os(type);
    os << lhsType.getElementType();
    return env.error(op, "has " + Twine(type) +
                             " operands; the MXUs multiply f32 matmuls only "
                             "(their operands rounded to bf16)");
  }
  if (!lhsType.hasStaticShape() || !rhsType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return env.error(op, "has a dynamic shape");
  ArrayRef<int64_t> shape = resultType.getShape();
  int64_t rank = resultType.getRank();
  M = shape[rank - 2];
  N = shape[rank - 1];
  K = lhsType.getShape().back();
  if (M == 0 || N == 0 || K == 0)
    return env.error(op, "has an empty dimension (M=" + Twine(M) + ", K=" +
                             Twine(K) + ", N=" + Twine(N) + ")");
  batchShape.assign(shape.begin(), shape.end() - 2);
  for (int64_t size : batchShape)
    batchCount *= size;
  // Batch strides of each operand in whole matrices, per result batch
  // dimension (right-aligned, 0 where the operand broadcasts).
  auto strides = [&](RankedTensorType type, SmallVector<int64_t> &out) {
    ArrayRef<int64_t> operand = type.getShape().drop_back(2);
    out.assign(batchShape.size(), 0);
    int64_t stride = 1;
    for (int64_t d = static_cast<int64_t>(operand.size()) - 1; d >= 0; --d) {
      size_t result = batchShape.size() - operand.size() + d;
      out[result] = operand[d] == 1 ? 0 : stride;
      stride *= operand[d];
    }
  };
  strides(lhsType, lhsBatchStrides);
  strides(rhsType, rhsBatchStrides);

  R = env.chip.mxu.rows;
  C = env.chip.mxu.cols;
  mxus = env.chip.mxu.count;
  S = env.chip.vector.sublanes;
  L = env.chip.vector.lanes;
  alignment = env.chip.hbm.dmaAlignment;
  FailureOr<Place> lhsPlace = placeOf(op.getLhs(), /*weights=*/false);
  FailureOr<Place> rhsPlace = placeOf(op.getRhs(), /*weights=*/true);
  if (failed(lhsPlace) || failed(rhsPlace))
    return failure();
  lhs = *lhsPlace;
  rhs = *rhsPlace;
  bBytes = rhs.elementBytes;
  if (env.kernel.getNumResults() != 1)
    return env.error(op, "is in a kernel with " +
                             Twine(env.kernel.getNumResults()) +
                             " results; a matmul kernel has one");
  outArgument = static_cast<int>(env.kernel.getNumArguments());

  // An i32 result cast from f32 is the f32 tile stored with .i32 (the
  // evaluator's cast: toward zero, saturating), in the same four bytes an
  // element as an f32 result.
  auto outType = env.argumentType(outArgument);
  Value stored = env.kernel.front().getTerminator()->getOperand(0);
  if (auto castOp = stored.getDefiningOp<CastOp>();
      castOp && castOp.getInput().getDefiningOp() &&
      cast<ShapedType>(castOp.getInput().getType()).getElementType().isF32() &&
      convertingStore(outType.getElementType()) == ElementType::I32) {
    stored = castOp.getInput();
    outStore = ElementType::I32;
  }

  // The epilogue: none when the matmul is the result itself.
  if (stored != op.getResult()) {
    FailureOr<ElementwiseChain> analyzed =
        ElementwiseChain::analyze(env, op.getResult(), stored);
    if (failed(analyzed))
      return failure();
    chain = std::move(*analyzed);
    if (chain->resultType().getShape() != resultType.getShape())
      return env.error(op, "has an epilogue whose result shape differs from "
                           "the matmul's; the MXU path stores matmul tiles");
    for (const ChainInput &input : chain->inputs()) {
      std::optional<ElementType> type =
          vectorElementType(input.type.getElementType());
      if (!type)
        return env.error(op, "has an epilogue operand (argument " +
                                 Twine(input.argument) +
                                 ") whose element type the vector unit "
                                 "cannot load");
      inputTypes.push_back(*type);
    }
  }
  if (!outType.getElementType().isF32() && outStore != ElementType::I32)
    return env.error(op, "has a non-f32 kernel result; the MXU path stores "
                         "f32 tiles");

  // Every transfer's address, row size and stride is a multiple of one of
  // these byte counts.
  for (int64_t bytes :
       {K * 4, std::min(K, R) * 4, (K % R) * 4, N * bBytes,
        std::min(N, C) * bBytes, (N % C) * bBytes})
    if (bytes % alignment != 0)
      return env.error(op, "has K=" + Twine(K) + ", N=" + Twine(N) +
                               ": its tiles' rows of " + Twine(bytes) +
                               " bytes are not a multiple of the chip's " +
                               Twine(alignment) + "-byte DMA alignment");
  return success();
}

/// The constant every call of the kernel passes as argument `argument`,
/// or null.
ElementsAttr MatmulGenerator::callerConstant(unsigned argument) const {
  auto module = env.kernel->getParentOfType<ModuleOp>();
  std::optional<SymbolTable::UseRange> uses =
      SymbolTable::getSymbolUses(env.kernel, module);
  if (!uses)
    return {};
  ElementsAttr value;
  for (const SymbolTable::SymbolUse &use : *uses) {
    auto call = dyn_cast<func::CallOp>(use.getUser());
    if (!call || argument >= call.getNumOperands())
      return {};
    auto constant = call.getOperand(argument).getDefiningOp<ConstantOp>();
    if (!constant || (value && value != constant.getValue()))
      return {};
    value = constant.getValue();
  }
  return value;
}

/// Where bf16 weights that the kernel widens to f32 (the cast that
/// loom-systolic-bf16-matmul-weights inserts) are read from: the bf16
/// argument itself, or, on a chip whose DMA alignment its bf16 rows break,
/// its values widened back to f32 in the library's constants (`ldw.f32`
/// rounds them to the same bf16 values).
FailureOr<MatmulGenerator::Place>
MatmulGenerator::placeOfBf16Argument(int argument, bool bf16Rows) {
  if (bf16Rows)
    return Place{KernelEnv::argumentRegister(argument), 0, 2};
  auto value = dyn_cast_if_present<DenseElementsAttr>(callerConstant(argument));
  if (!value)
    return env.error(op, "has bf16 weights (argument " + Twine(argument) +
                             ") whose rows of N=" + Twine(N) +
                             " elements break the chip's " + Twine(alignment) +
                             "-byte DMA alignment");
  std::vector<float> values;
  values.reserve(value.getNumElements());
  for (const APFloat &element : value.getValues<APFloat>())
    values.push_back(bfloat16ToFloat(
        static_cast<uint16_t>(element.bitcastToAPInt().getZExtValue())));
  return Place{KernelEnv::kConstantsRegister,
               env.constants.add(values.data(), values.size() * 4), 4};
}

/// Where an operand is read from. Constant weights (a constant of the
/// kernel, or one every caller passes) are rounded to bf16 here, once,
/// exactly as `ldw.f32` would round them, and read from the library's
/// constants: half the bytes of f32 for every load of them.
FailureOr<MatmulGenerator::Place> MatmulGenerator::placeOf(Value operand,
                                                           bool weights) {
  // bf16 rows must stay on the DMA alignment.
  bool bf16Rows = true;
  for (int64_t columns : {N, std::min(N, C), N % C})
    bf16Rows &= (columns * 2) % alignment == 0;
  int numArguments = static_cast<int>(env.kernel.getNumArguments());
  if (auto widen = operand.getDefiningOp<CastOp>(); widen && weights) {
    int argument = env.argumentOf(widen.getInput());
    if (argument >= 0 && argument < numArguments &&
        env.argumentType(argument).getElementType().isBF16())
      return placeOfBf16Argument(argument, bf16Rows);
  }
  int argument = env.argumentOf(operand);
  bool isArgument = argument >= 0 && argument < numArguments;
  ElementsAttr value;
  if (auto constant = operand.getDefiningOp<ConstantOp>())
    value = constant.getValue();
  else if (isArgument && weights)
    value = callerConstant(argument);
  bool bf16 = weights && value && bf16Rows;
  if (isArgument && !bf16)
    return Place{KernelEnv::argumentRegister(argument), 0, 4};
  if (!value)
    return env.error(op, "has an operand computed inside the kernel; the "
                         "MXU path reads its operands from kernel arguments "
                         "or constants");

  auto type = cast<RankedTensorType>(operand.getType());
  std::vector<float> values(type.getNumElements());
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    llvm::copy(dense.getValues<float>(), values.begin());
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != values.size() * sizeof(float))
      return env.error(op, "has a constant operand whose data is missing");
    std::memcpy(values.data(), blob->getData().data(),
                values.size() * sizeof(float));
  } else {
    return env.error(op, "has a constant operand of an unsupported kind");
  }
  if (!bf16)
    return Place{KernelEnv::kConstantsRegister,
                 env.constants.add(values.data(), values.size() * 4), 4};
  std::vector<uint16_t> rounded(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    rounded[i] = floatToBFloat16(values[i]);
  return Place{KernelEnv::kConstantsRegister,
               env.constants.add(rounded.data(), rounded.size() * 2), 2};
}

int64_t MatmulGenerator::lhsMatrix(int64_t batch) const {
  int64_t index = 0;
  for (int64_t d = static_cast<int64_t>(batchShape.size()) - 1; d >= 0; --d) {
    index += (batch % batchShape[d]) * lhsBatchStrides[d];
    batch /= batchShape[d];
  }
  return index;
}

int64_t MatmulGenerator::rhsMatrix(int64_t batch) const {
  int64_t index = 0;
  for (int64_t d = static_cast<int64_t>(batchShape.size()) - 1; d >= 0; --d) {
    index += (batch % batchShape[d]) * rhsBatchStrides[d];
    batch /= batchShape[d];
  }
  return index;
}

/// Row stride of tile j's B strip in VMEM: a merged group keeps its strips
/// side by side in rows of all its columns, others have a slot a tile.
int64_t MatmulGenerator::bRowStride(const Group &group, size_t j) const {
  return (group.mergedB ? group.columns : group.tiles[j].cols) * bBytes;
}

/// VMEM address of row k0 of group g's B strip j.
int64_t MatmulGenerator::bAddress(size_t g, size_t j, int64_t k0) const {
  const Group &group = groups[g];
  int64_t base = bBuffer[groupBSlot[g]];
  if (group.mergedB)
    return base + k0 * bRowStride(group, j) + int64_t(j) * C * bBytes;
  return base + int64_t(j) * bSlotBytes + k0 * bRowStride(group, j);
}

std::vector<Group> MatmulGenerator::makeGroups(int64_t rowsPerBlock) const {
  SmallVector<Tile> tiles;
  for (int64_t batch = 0; batch < batchCount; ++batch)
    for (int64_t m0 = 0; m0 < M; m0 += rowsPerBlock)
      for (int64_t n0 = 0; n0 < N; n0 += C)
        tiles.push_back({batch, m0, std::min(rowsPerBlock, M - m0), n0,
                         std::min(C, N - n0),
                         lhsMatrix(batch) * M + m0,
                         rhsMatrix(batch) * N + n0});
  std::vector<Group> result;
  for (size_t i = 0; i < tiles.size(); i += mxus) {
    Group group;
    for (size_t j = i; j < std::min(tiles.size(), i + mxus); ++j) {
      const Tile &tile = tiles[j];
      group.tiles.push_back(tile);
      auto found = llvm::find(group.aKeys, tile.aKey);
      group.aSlot.push_back(found - group.aKeys.begin());
      if (found == group.aKeys.end())
        group.aKeys.push_back(tile.aKey);
      group.bKeys.push_back(tile.bKey);
    }
    if (!result.empty()) {
      group.reuseA = group.aKeys == result.back().aKeys;
      group.reuseB = group.bKeys == result.back().bKeys;
    }
    group.mergedA = group.tiles.front().rows == M;
    for (size_t i = 1; i < group.aKeys.size(); ++i)
      group.mergedA &= group.aKeys[i] == group.aKeys[0] + int64_t(i) * M;
    group.mergedB = true;
    for (size_t j = 0; j < group.tiles.size(); ++j) {
      group.mergedB &= group.bKeys[j] / N == group.bKeys[0] / N &&
                       group.bKeys[j] == group.bKeys[0] + int64_t(j) * C;
      group.columns += group.tiles[j].cols;
    }
    result.push_back(std::move(group));
  }
  return result;
}

int64_t MatmulGenerator::vmemNeeded(int64_t rowsPerBlock,
                                    const std::vector<Group> &plan) const {
  int64_t slots = 0;
  for (const Group &group : plan)
    slots = std::max<int64_t>(slots, group.aKeys.size());
  int64_t granule = std::max<int64_t>(64, alignment);
  int64_t width = std::min(N, C);
  int64_t total = 2 * alignUp(slots * rowsPerBlock * K * 4, granule) +
                  2 * alignUp(mxus * K * width * bBytes, granule) +
                  2 * alignUp(mxus * rowsPerBlock * width * 4, granule);
  if (chain)
    for (auto [input, type] : llvm::zip(chain->inputs(), inputTypes))
      total += alignUp(input.type.getNumElements() * elementBytes(type),
                       granule);
  return total;
}

LogicalResult MatmulGenerator::plan() {
  // Two accumulator regions of whole sublane groups.
  int64_t regionLimit =
      env.chip.mxu.accumulatorRows / 2 / S * S;
  if (regionLimit < S)
    return env.error(op, "cannot tile: the MXU's " +
                             Twine(env.chip.mxu.accumulatorRows) +
                             " accumulator rows hold fewer than two groups of " +
                             Twine(S) + " rows");
  int64_t available = env.vmem.available();
  for (int64_t blocks = ceilDiv(M, regionLimit);; ++blocks) {
    int64_t rows = std::min(M, alignUp(ceilDiv(M, blocks), S));
    std::vector<Group> candidate = makeGroups(rows);
    if (vmemNeeded(rows, candidate) <= available) {
      blockRows = rows;
      groups = std::move(candidate);
      break;
    }
    if (rows <= S)
      return env.error(op, "cannot tile K=" + Twine(K) + ", N=" + Twine(N) +
                               " into VMEM: even " + Twine(rows) +
                               "-row blocks need " +
                               Twine(vmemNeeded(rows, candidate)) +
                               " bytes with the epilogue operands, " +
                               Twine(available) + " are free");
  }
  accRegion = alignUp(blockRows, S);
  chunkRows = alignUp(std::max(ceilDiv(blockRows, kChunksPerTile), R / 4), S);
  return success();
}

LogicalResult MatmulGenerator::allocate() {
  int64_t granule = std::max<int64_t>(64, alignment);
  for (const Group &group : groups)
    aSlots = std::max<int64_t>(aSlots, group.aKeys.size());
  aBlockBytes = blockRows * K * 4;
  bSlotBytes = K * std::min(N, C) * bBytes;
  outStride = std::min(N, C) * 4;
  outSlotBytes = blockRows * outStride;
  for (int p = 0; p < 2; ++p) {
    aBuffer[p] = env.vmem.allocate(aSlots * aBlockBytes, granule);
    bBuffer[p] = env.vmem.allocate(mxus * bSlotBytes, granule);
    outBuffer[p] = env.vmem.allocate(mxus * outSlotBytes, granule);
  }
  if (chain)
    for (auto [input, type] : llvm::zip(chain->inputs(), inputTypes))
      inputBuffers.push_back(env.vmem.allocate(
          alignUp(input.type.getNumElements() * elementBytes(type),
                  alignment),
          granule));
  if (aBuffer[1] < 0 || bBuffer[1] < 0 || outBuffer[1] < 0 ||
      llvm::is_contained(inputBuffers, -1))
    return env.error(op, "does not fit VMEM");

  // Which buffer each group reads: a group that loads anything new uses the
  // other buffer than its predecessor, so the load overlaps its compute.
  for (size_t g = 0; g < groups.size(); ++g) {
    groupASlot.push_back(g == 0 ? 0
                         : groups[g].reuseA ? groupASlot.back()
                                            : 1 - groupASlot.back());
    groupBSlot.push_back(g == 0 ? 0
                         : groups[g].reuseB ? groupBSlot.back()
                                            : 1 - groupBSlot.back());
  }

  loads.flag = env.regs.flag();
  stores.flag = env.regs.flag();
  foldLoaded.assign(groups.size(), SmallVector<int64_t>(ceilDiv(K, R), 0));
  groupStored.assign(groups.size(), 0);
  sAddr = env.regs.scalar();
  sAcc = env.regs.scalar();
  sRegion[0] = env.regs.scalar();
  sRegion[1] = env.regs.scalar();
  if (stores.flag < 0 || sRegion[1] < 0)
    return env.error(op, "is out of scalar registers or flags");

  // Epilogue items in flight: each holds its accumulator values and its
  // operands; leave the chain room for its temporaries.
  int64_t perItem = 1 + static_cast<int64_t>(inputTypes.size());
  batchSize = std::clamp<int64_t>((env.regs.freeVectors() - 8) / perItem, 1, 4);
  for (int64_t i = 0; i < batchSize; ++i) {
    vAcc.push_back(env.regs.vector());
    vInputs.emplace_back();
    for (size_t k = 0; k < inputTypes.size(); ++k)
      vInputs.back().push_back(env.regs.vector());
    vInputsHold.emplace_back(inputTypes.size(),
                             std::array<int64_t, 3>{-1, 0, 0});
  }
  if (vAcc.back() < 0 ||
      (!vInputs.back().empty() && vInputs.back().back() < 0))
    return env.error(op, "is out of vector registers for the epilogue");
  return success();
}

/// Loads `bytes` contiguous bytes of argument `argument` into VMEM, in
/// one or two transfers (rows of at most 1 MiB: the row size has 24 bits).
void MatmulGenerator::loadContiguous(int64_t vmem, int argument,
                                     int64_t bytes) {
  bytes = alignUp(bytes, alignment);
  int64_t chunk = std::min(bytes, (int64_t(1) << 20) / alignment * alignment);
  int64_t rows = bytes / chunk, rest = bytes - rows * chunk;
  b.addi(sAddr, KernelEnv::argumentRegister(argument), 0);
  b.li(sAcc, vmem);
  b.dma(DmaFunc::Load, sAcc, sAddr, loads.flag, rows, chunk, chunk, chunk);
  ++loads.issued;
  if (rest) {
    b.addi(sAddr, sAddr, rows * chunk);
    b.li(sAcc, vmem + rows * chunk);
    b.dma(DmaFunc::Load, sAcc, sAddr, loads.flag, 1, rest, rest, rest);
    ++loads.issued;
  }
}

/// Issues the transfers of fold `fold` of group g's new A blocks and B
/// strips (the K columns of A and the K rows of B that fold reads), so that
/// a fold can start while the later ones still load.
void MatmulGenerator::issueLoads(size_t g, int64_t fold) {
  const Group &group = groups[g];
  int64_t k0 = fold * R, depth = std::min(R, K - k0);
  std::string ks =
      " k " + std::to_string(k0) + ".." + std::to_string(k0 + depth - 1);
  auto loadA = [&](size_t i, int64_t blocks) {
    const Tile &tile =
        group.tiles[llvm::find(group.aSlot, int64_t(i)) - group.aSlot.begin()];
    b.comment("load A batch " + std::to_string(tile.batch) +
              (blocks > 1 ? "+" + std::to_string(blocks - 1) : "") +
              " rows " + std::to_string(tile.m0) + ".." +
              std::to_string(tile.m0 + tile.rows - 1) + ks);
    b.addi(sAddr, lhs.reg, lhs.offset + (tile.aKey * K + k0) * 4);
    b.li(sAcc, aBuffer[groupASlot[g]] + int64_t(i) * aBlockBytes + k0 * 4);
    b.dma(DmaFunc::Load, sAcc, sAddr, loads.flag, blocks * tile.rows,
          depth * 4, K * 4, K * 4);
    ++loads.issued;
  };
  auto loadB = [&](size_t j, int64_t columns) {
    const Tile &tile = group.tiles[j];
    b.comment("load B" +
              (batchCount > 1 ? " batch " + std::to_string(tile.batch) : "") +
              ks + " cols " + std::to_string(tile.n0) + ".." +
              std::to_string(tile.n0 + columns - 1));
    b.addi(sAddr, rhs.reg,
           rhs.offset + ((tile.bKey / N * K + k0) * N + tile.n0) * bBytes);
    b.li(sAcc, bAddress(g, j, k0));
    b.dma(DmaFunc::Load, sAcc, sAddr, loads.flag, depth,
          columns * bBytes, bRowStride(group, j), N * bBytes);
    ++loads.issued;
  };
  if (!group.reuseA) {
    if (group.mergedA)
      loadA(0, group.aKeys.size());
    else
      for (size_t i = 0; i < group.aKeys.size(); ++i)
        loadA(i, 1);
  }
  if (!group.reuseB) {
    if (group.mergedB)
      loadB(0, group.columns);
    else
      for (size_t j = 0; j < group.tiles.size(); ++j)
        loadB(j, group.tiles[j].cols);
  }
  foldLoaded[g][fold] = loads.issued;
}

void MatmulGenerator::waitFor(DmaStream &stream, int64_t position) {
  if (position <= stream.waited)
    return;
  b.wait(stream.flag, position - stream.waited);
  stream.waited = position;
}

void MatmulGenerator::emitFold(size_t g, int64_t fold) {
  const Group &group = groups[g];
  int64_t k0 = fold * R, depth = std::min(R, K - k0);
  for (size_t j = 0; j < group.tiles.size(); ++j) {
    const Tile &tile = group.tiles[j];
    int mxu = static_cast<int>(j);
    int64_t stride = bRowStride(group, j);
    b.comment("group " + std::to_string(g) + " fold " + std::to_string(fold) +
              ": k " + std::to_string(k0) + ".." +
              std::to_string(k0 + depth - 1) + ", cols " +
              std::to_string(tile.n0) + ".." +
              std::to_string(tile.n0 + tile.cols - 1));
    b.li(sAddr, bAddress(g, j, k0));
    b.ldw(mxu, sAddr, depth, tile.cols, stride, /*f32=*/bBytes == 4);
    b.li(sAddr, aBuffer[groupASlot[g]] + group.aSlot[j] * aBlockBytes + k0 * 4);
    auto rows = [&](int64_t r0, int64_t count) {
      return "batch " + std::to_string(tile.batch) + " rows " +
             std::to_string(tile.m0 + r0) + ".." +
             std::to_string(tile.m0 + r0 + count - 1);
    };
    if (fold + 1 < ceilDiv(K, R)) {
      b.comment(rows(0, tile.rows));
      b.matmul(mxu, sRegion[g % 2], sAddr, tile.rows, K * 4,
               /*accumulate=*/fold > 0, /*swap=*/true);
      continue;
    }
    for (int64_t r0 = 0; r0 < tile.rows; r0 += chunkRows) {
      if (r0 > 0) {
        b.addi(sAddr, sAddr, chunkRows * K * 4);
        b.addi(sAcc, sRegion[g % 2], r0);
      }
      int64_t count = std::min(chunkRows, tile.rows - r0);
      b.comment(rows(r0, count));
      b.matmul(mxu, r0 > 0 ? sAcc : sRegion[g % 2], sAddr, count, K * 4,
               /*accumulate=*/fold > 0, /*swap=*/r0 == 0);
    }
  }
}

/// Group g's epilogue items in the order their rows leave the MXUs: chunk
/// by chunk, every tile's chunk before the next chunk.
SmallVector<Item> MatmulGenerator::itemsOf(size_t g) const {
  SmallVector<Item> items;
  const Group &group = groups[g];
  for (int64_t chunk = 0; chunk * chunkRows < blockRows; ++chunk)
    for (size_t j = 0; j < group.tiles.size(); ++j)
      for (int64_t r0 = chunk * chunkRows;
           r0 < std::min(group.tiles[j].rows, (chunk + 1) * chunkRows);
           r0 += S)
        for (int64_t c0 = 0; c0 < group.tiles[j].cols; c0 += L)
          items.push_back({static_cast<int64_t>(j), r0, c0});
  return items;
}

LogicalResult MatmulGenerator::storeChunk(size_t g, int64_t j, int64_t chunk) {
  const Tile &tile = groups[g].tiles[j];
  int64_t r0 = chunk * chunkRows;
  int64_t rows = std::min(chunkRows, tile.rows - r0);
  int64_t offset = ((tile.batch * M + tile.m0 + r0) * N + tile.n0) * 4;
  int64_t rowBytes = tile.cols * 4;
  int p = static_cast<int>(g % 2);
  b.comment("store batch " + std::to_string(tile.batch) + " rows " +
            std::to_string(tile.m0 + r0) + ".." +
            std::to_string(tile.m0 + r0 + rows - 1) + " cols " +
            std::to_string(tile.n0) + ".." +
            std::to_string(tile.n0 + tile.cols - 1));
  b.addi(sAddr, KernelEnv::argumentRegister(outArgument), offset);
  b.li(sAcc, outBuffer[p] + j * outSlotBytes + r0 * outStride);
  b.dma(DmaFunc::Store, sAcc, sAddr, stores.flag, rows, rowBytes, outStride,
        N * 4);
  groupStored[g] = ++stores.issued;
  return success();
}

/// Pops, finishes and stores `items` of group `g`, `batchSize` at a time:
/// first every pop of a batch, so the pops' latency overlaps.
LogicalResult MatmulGenerator::emitItems(size_t g, ArrayRef<Item> items) {
  const Group &group = groups[g];
  int p = static_cast<int>(g % 2);
  for (size_t begin = 0; begin < items.size(); begin += batchSize) {
    size_t end = std::min(items.size(), begin + batchSize);
    for (size_t i = begin; i < end; ++i) {
      const Item &item = items[i];
      b.li(sAcc, (g % 2) * accRegion + item.r0);
      b.pop(static_cast<int>(item.tile), vAcc[i - begin], sAcc, item.c0);
    }
    for (size_t i = begin; i < end && chain; ++i) {
      const Item &item = items[i];
      const Tile &tile = group.tiles[item.tile];
      int64_t rows = std::min(S, tile.rows - item.r0);
      int64_t lanes = std::min(L, tile.cols - item.c0);
      // The operand's element (batch, m, n) of the result's index space.
      SmallVector<int64_t> index(batchShape.size());
      for (int64_t d = static_cast<int64_t>(batchShape.size()) - 1,
                   rest = tile.batch;
           d >= 0; --d) {
        index[d] = rest % batchShape[d];
        rest /= batchShape[d];
      }
      index.push_back(tile.m0 + item.r0);
      index.push_back(tile.n0 + item.c0);
      for (auto [k, input] : llvm::enumerate(chain->inputs())) {
        int64_t element = 0;
        for (auto [position, stride] : llvm::zip(index, input.strides))
          element += position * stride;
        int64_t bytes = elementBytes(inputTypes[k]);
        int64_t rank = static_cast<int64_t>(input.strides.size());
        std::array<int64_t, 3> hold = {inputBuffers[k] + element * bytes,
                                       rows, lanes};
        if (vInputsHold[i - begin][k] == hold)
          continue;
        vInputsHold[i - begin][k] = hold;
        b.li(sAddr, hold[0]);
        b.vldStrided(vInputs[i - begin][k], sAddr,
                     input.strides[rank - 2] * bytes, rows, lanes,
                     input.strides[rank - 1], inputTypes[k]);
      }
    }
    for (size_t i = begin; i < end; ++i) {
      const Item &item = items[i];
      const Tile &tile = group.tiles[item.tile];
      int64_t rows = std::min(S, tile.rows - item.r0);
      int64_t lanes = std::min(L, tile.cols - item.c0);
      int value = vAcc[i - begin];
      if (chain) {
        value = chain->emit(env, vAcc[i - begin], vInputs[i - begin]);
        if (value < 0)
          return failure();
      }
      b.li(sAddr, outBuffer[p] + item.tile * outSlotBytes +
                      item.r0 * outStride + item.c0 * 4);
      b.vst(value, sAddr, outStride, rows, lanes, outStore);
      if (value != vAcc[i - begin] &&
          !llvm::is_contained(vInputs[i - begin], value))
        env.regs.releaseVector(value);
      int64_t chunk = item.r0 / chunkRows;
      if (--itemsLeft[item.tile][chunk] == 0 &&
          failed(storeChunk(g, item.tile, chunk)))
        return failure();
    }
  }
  return success();
}

void MatmulGenerator::release() {
  for (int p = 0; p < 2; ++p)
    env.regs.release(sRegion[p]);
  env.regs.releaseFlag(loads.flag);
  env.regs.releaseFlag(stores.flag);
  env.regs.release(sAddr);
  env.regs.release(sAcc);
  for (int v : vAcc)
    env.regs.releaseVector(v);
  for (const SmallVector<int> &registers : vInputs)
    for (int v : registers)
      env.regs.releaseVector(v);
  if (chain)
    chain->releaseConstants(env);
}

LogicalResult MatmulGenerator::generate() {
  if (failed(analyze()) || failed(plan()))
    return failure();
  // The epilogue's constants once, before the epilogue's registers.
  if (chain && failed(chain->hoistConstants(env)))
    return failure();
  if (failed(allocate()))
    return failure();
  // The first instruction shows the kernel's name; the second the plan.
  b.li(sRegion[0], 0);
  b.comment("matmul " + std::to_string(batchCount) + " x " +
            std::to_string(M) + "x" + std::to_string(K) + "x" +
            std::to_string(N) + ": " + std::to_string(groups.size()) +
            " groups of up to " + std::to_string(mxus) + " tiles of " +
            std::to_string(blockRows) + "x" + std::to_string(C) + ", " +
            std::to_string(ceilDiv(K, R)) +
            (ceilDiv(K, R) == 1 ? " fold" : " folds") + " of K");
  b.li(sRegion[1], accRegion);
  // Fold batches of loads are issued a window ahead of the fold that
  // waits for them, as far as the two buffers allow (groups g and g + 1),
  // keeping the DMA queue short enough that the core never waits on it.
  int64_t folds = ceilDiv(K, R);
  int64_t transfersPerFold = 1;
  for (const Group &group : groups)
    transfersPerFold = std::max<int64_t>(
        transfersPerFold,
        (group.reuseA ? 0 : group.mergedA ? 1 : group.aKeys.size()) +
            (group.reuseB ? 0 : group.mergedB ? 1 : group.tiles.size()));
  int64_t window =
      std::max<int64_t>(1, env.chip.queueDepth / 2 / transfersPerFold);
  int64_t issuedFolds = 0;
  auto issueUpTo = [&](int64_t last) {
    last = std::min<int64_t>(last, groups.size() * folds - 1);
    for (; issuedFolds <= last; ++issuedFolds)
      issueLoads(issuedFolds / folds, issuedFolds % folds);
  };
  issueUpTo(0);
  if (chain)
    for (auto [k, input] : llvm::enumerate(chain->inputs())) {
      b.comment("load epilogue operand (argument " +
                std::to_string(input.argument) + ")");
      loadContiguous(inputBuffers[k], static_cast<int>(input.argument),
                     input.type.getNumElements() * elementBytes(inputTypes[k]));
    }
  inputsLoaded = loads.issued;

  // Whether the DMA channel or the MXUs bound a group; when the loads take
  // longer, the previous group's epilogue goes before the wait for them.
  double bytesPerCycle = env.chip.hbmBytesPerCycle();
  // Group g's epilogue writes the staging buffer of group g - 2.
  auto startEpilogue = [&](size_t g) {
    if (g >= 2)
      waitFor(stores, groupStored[g - 2]);
    waitFor(loads, inputsLoaded);
    itemsLeft.clear();
    for (const Tile &tile : groups[g].tiles) {
      itemsLeft.emplace_back();
      for (int64_t r0 = 0; r0 < tile.rows; r0 += chunkRows)
        itemsLeft.back().push_back(ceilDiv(std::min(chunkRows, tile.rows - r0), S) *
                                   ceilDiv(tile.cols, L));
    }
  };

  for (size_t g = 0; g < groups.size(); ++g) {
    SmallVector<Item> previous;
    if (g > 0) {
      previous = itemsOf(g - 1);
      startEpilogue(g - 1);
      const Group &group = groups[g];
      double loadBytes =
          (group.reuseA ? 0 : group.aKeys.size() * blockRows * K * 4) +
          (group.reuseB ? 0 : group.columns * K * bBytes);
      double mxuCycles = folds * std::max(blockRows, R);
      if (loadBytes / bytesPerCycle > mxuCycles) {
        if (failed(emitItems(g - 1, previous)))
          return failure();
        previous.clear();
      }
    }
    size_t done = 0;
    for (int64_t fold = 0; fold < folds; ++fold) {
      issueUpTo(std::min<int64_t>(g * folds + fold + window,
                                  (g + 2) * folds - 1));
      waitFor(loads, foldLoaded[g][fold]);
      emitFold(g, fold);
      size_t share = (previous.size() - done) / (folds - fold);
      if (share && failed(emitItems(g - 1, ArrayRef(previous).slice(done, share))))
        return failure();
      done += share;
    }
  }
  startEpilogue(groups.size() - 1);
  if (failed(emitItems(groups.size() - 1, itemsOf(groups.size() - 1))))
    return failure();
  waitFor(stores, stores.issued);
  release();
  return success();
}

bool matchesMatmul(func::FuncOp kernel) {
  int matmuls = 0;
  kernel.walk([&](MatmulOp) { ++matmuls; });
  return matmuls == 1;
}

LogicalResult generateMatmul(KernelEnv &env) {
  MatmulOp op;
  env.kernel.walk([&](MatmulOp matmul) { op = matmul; });
  return MatmulGenerator(env, op).generate();
}

} // namespace

void addMatmulPatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back({"matmul", matchesMatmul, generateMatmul});
}

} // namespace loom::systolic::codegen
