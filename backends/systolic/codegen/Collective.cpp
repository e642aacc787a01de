//===- Collective.cpp - Collectives as send/recv schedules on the links ---===//
//
// Part of the Loom project.
//
// Every chip of the mesh launches the collective's kernel at the same time
// with s0 = its chip id (chip i is mesh device i, row-major over the mesh
// axes). A chip's group (the devices sharing its coordinates on the other
// axes, ordered row-major over the collective's axes) follows from the
// chip id: the kernel computes its rank r in the group from s0 and the
// mesh's strides, the chip of rank (r + k) mod p from r, and every buffer
// address from r. Chips past the mesh do nothing.
//
// The data goes HBM -> VMEM -> links -> VMEM -> HBM, in segments that fit
// VMEM. Algorithms (planCollective chooses by the alpha-beta model):
//
//   all_reduce, ring     the tensor in p equal chunks; p-1 reduce-scatter
//                        steps (send chunk r-t right, receive chunk r-t-1
//                        from the left and combine it) then p-1 all-gather
//                        steps. Chunk j is reduced along the ring from rank
//                        j: ((x_j OP x_j+1) OP ...) OP x_j-1.
//   all_reduce, direct   every chip sends its tensor to the p-1 others and
//                        reduces the p tensors in group order
//                        ((x_0 OP x_1) OP x_2) ... (as the CPU runtime's
//                        collectives, so it equals them bit for bit).
//   reduce_scatter       p-1 ring steps on the blocks along the scatter
//                        axis; block j is reduced from rank j+1:
//                        ((x_j+1 OP x_j+2) OP ...) OP x_j.
//   all_gather           p-1 ring steps forwarding blocks.
//   all_to_all           every pair exchanges its blocks at once.
//
// Each ring step's message is split over the parallel links of a
// direction. Reductions (sum, max, min, product) are f32 on the vector
// unit: the received partial sum OP the chip's own value.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/Collective.h"
#include "backends/systolic/codegen/KernelCodegen.h"
#include "backends/target/Collectives.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace loom::systolic::codegen {

using namespace mlir;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }

/// The mesh of a collective: its grid's shape.
std::optional<SmallVector<int64_t>> meshShape(Operation *op) {
  auto symbol = op->getAttrOfType<FlatSymbolRefAttr>("grid");
  if (!symbol)
    return std::nullopt;
  auto grid = SymbolTable::lookupNearestSymbolFrom<shard::GridOp>(op, symbol);
  if (!grid)
    return std::nullopt;
  ArrayRef<int64_t> shape = grid.getShape();
  if (llvm::any_of(shape, [](int64_t size) { return size <= 0; }))
    return std::nullopt;
  return SmallVector<int64_t>(shape);
}

/// Every device's group, for the model: row d is [rank, chip of rank
/// (rank + k) mod p for k = 0..p-1]; and what the code computes them from.
struct Groups {
  int64_t devices = 1;
  int64_t size = 1;
  std::vector<int64_t> table;
  /// The collective's axes (major first) as (size, stride in devices).
  SmallVector<std::pair<int64_t, int64_t>> axes;

  int64_t member(int64_t device, int64_t k) const {
    return table[device * (size + 1) + 1 + k];
  }
};

Groups groupsOf(ArrayRef<int64_t> shape, ArrayRef<int16_t> axes) {
  Groups groups;
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  for (int64_t size : shape)
    groups.devices *= size;
  for (int16_t axis : axes) {
    groups.size *= shape[axis];
    groups.axes.push_back({shape[axis], strides[axis]});
  }
  int64_t p = groups.size;
  for (int64_t device = 0; device < groups.devices; ++device) {
    // The device with the group coordinates of rank `rank` and this
    // device's coordinates elsewhere.
    auto deviceOfRank = [&](int64_t rank) {
      int64_t result = device;
      for (int i = static_cast<int>(axes.size()) - 1; i >= 0; --i) {
        int64_t size = shape[axes[i]];
        int64_t own = device / strides[axes[i]] % size;
        result += (rank % size - own) * strides[axes[i]];
        rank /= size;
      }
      return result;
    };
    int64_t rank = 0;
    for (int16_t axis : axes)
      rank = rank * shape[axis] + device / strides[axis] % shape[axis];
    groups.table.push_back(rank);
    for (int64_t k = 0; k < p; ++k)
      groups.table.push_back(deviceOfRank((rank + k) % p));
  }
  return groups;
}

std::vector<int> torusFor(const ChipConfig &chip, int64_t devices) {
  if (chip.numChips() == devices)
    return chip.ici.torus;
  return {static_cast<int>(devices)};
}

/// The kernel's view of its collective with the derived sizes.
struct Shape {
  CollectiveView view;
  RankedTensorType input, result;
  int64_t elementBytes = 4;
  Groups groups;
  std::vector<int> torus;
};

FailureOr<Shape> shapeOf(Operation *op, const ChipConfig &chip) {
  std::optional<CollectiveView> view = viewCollective(op);
  if (!view)
    return failure();
  std::optional<SmallVector<int64_t>> mesh = meshShape(op);
  if (!mesh)
    return failure();
  Shape shape{*view, cast<RankedTensorType>(view->input.getType()),
              cast<RankedTensorType>(view->result.getType())};
  if (!shape.input.hasStaticShape() || !shape.result.hasStaticShape())
    return failure();
  unsigned bits = shape.input.getElementTypeBitWidth();
  shape.elementBytes = std::max<int64_t>(1, bits / 8);
  shape.groups = groupsOf(*mesh, view->meshAxes);
  shape.torus = torusFor(chip, shape.groups.devices);
  return shape;
}

/// One exchange of the model: every chip sends `pieces` messages to each
/// member `offsets` ranks after it, routed as the links route them
/// (dimension order, the shorter way round each ring, ties the positive
/// way). `hops` is the longest route, `load` the most messages any one
/// direction of a chip's links carries.
struct Exchange {
  int64_t hops = 0;
  int64_t load = 0;
};

Exchange exchangeOf(const Shape &shape, ArrayRef<int64_t> offsets,
                    int64_t pieces) {
  const std::vector<int> &torus = shape.torus;
  std::map<std::pair<int64_t, int>, int64_t> load;
  Exchange exchange;
  for (int64_t device = 0; device < shape.groups.devices; ++device)
    for (int64_t k : offsets) {
      int64_t at = device, target = shape.groups.member(device, k);
      int64_t hops = 0, stride = 1;
      for (size_t d = 0; d < torus.size(); stride *= torus[d], ++d) {
        int64_t extent = torus[d];
        int64_t from = at / stride % extent, to = target / stride % extent;
        int64_t forward = ((to - from) % extent + extent) % extent;
        if (forward == 0)
          continue;
        bool positive = forward <= extent - forward;
        int direction = static_cast<int>(2 * d + (positive ? 0 : 1));
        for (int64_t h = 0, n = positive ? forward : extent - forward; h < n;
             ++h, ++hops) {
          exchange.load =
              std::max(exchange.load, load[{at, direction}] += pieces);
          int64_t next = ((at / stride % extent) + (positive ? 1 : -1) +
                          extent) %
                         extent;
          at += (next - at / stride % extent) * stride;
        }
      }
      exchange.hops = std::max(exchange.hops, hops);
    }
  return exchange;
}

/// The model's time of an exchange whose messages are `bytes` each.
int64_t exchangeCycles(const ChipConfig &chip, const Exchange &exchange,
                       int64_t bytes);

/// Bytes of VMEM the collective's buffers may use.
int64_t vmemBudget(const ChipConfig &chip) { return chip.vmemBytes; }

/// HBM -> VMEM and VMEM -> HBM of `bytes`, as the model counts them.
int64_t hbmCycles(const ChipConfig &chip, int64_t bytes) {
  return 2 * (chip.hbm.latencyCycles +
              static_cast<int64_t>(
                  std::ceil(static_cast<double>(bytes) /
                            chip.hbmBytesPerCycle())));
}

int64_t linkCycles(const ChipConfig &chip, int64_t bytes) {
  return static_cast<int64_t>(
      std::ceil(static_cast<double>(bytes) / chip.linkBytesPerCycle()));
}

int64_t exchangeCycles(const ChipConfig &chip, const Exchange &exchange,
                       int64_t bytes) {
  int64_t links = std::max(1, chip.linksPerDirection());
  return exchange.hops * chip.hopLatencyCycles() +
         ceilDiv(exchange.load, links) * linkCycles(chip, bytes);
}

/// Hops of the route from chip a to chip b.
int64_t hopsBetween(const std::vector<int> &torus, int64_t a, int64_t b) {
  int64_t hops = 0;
  for (int extent : torus) {
    int64_t forward = ((b % extent - a % extent) % extent + extent) % extent;
    hops += std::min(forward, extent - forward);
    a /= extent;
    b /= extent;
  }
  return hops;
}

/// The model's time of `steps` ring steps whose messages are `pieces`
/// pieces of `bytes`, followed by `compute` cycles each: a chip starts step
/// t + 1 when its step t is done, i.e. when its own message has left and
/// the previous rank's, sent when that rank started step t, has arrived
/// (hops x alpha + the link time, slowed by the busiest link's sharing),
/// and it has combined it. A long hop between two ranks thus delays the
/// ring once per step, not every chip.
int64_t ringCycles(const ChipConfig &chip, const Shape &shape, int64_t steps,
                   int64_t bytes, int64_t pieces, int64_t compute) {
  Exchange step = exchangeOf(shape, {1}, pieces);
  int64_t links = std::max(1, chip.linksPerDirection());
  int64_t wire = ceilDiv(step.load, links) * linkCycles(chip, bytes);
  int64_t devices = shape.groups.devices, p = shape.groups.size;
  std::vector<int64_t> start(devices, 0), next(devices);
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t i = 0; i < devices; ++i) {
      int64_t left = shape.groups.member(i, p - 1);
      int64_t arrival = start[left] +
                        hopsBetween(shape.torus, left, i) *
                            chip.hopLatencyCycles() +
                        wire;
      next[i] = std::max(arrival, start[i] + wire) + compute;
    }
    start.swap(next);
  }
  return *std::max_element(start.begin(), start.end());
}

/// The scalar core issues one instruction per cycle, and the reductions'
/// loops are bound by it: per tile of sublanes x lanes elements, the ring's
/// combine issues 2 loads, the op, the store, 2 address steps and the loop
/// (7), the direct reduction p loads, p-1 ops, p-1 address steps, the
/// store, its address step and the loop (3p + 1).
int64_t reductionCycles(const ChipConfig &chip, int64_t elements,
                        int64_t perTile) {
  int64_t tile = int64_t(chip.vector.sublanes) * chip.vector.lanes;
  return ceilDiv(elements, tile) * perTile;
}

/// Ring all-reduce layout of a segment of n elements: chunk elements.
int64_t ringChunk(int64_t elements, int64_t p, int64_t pieces) {
  return roundUp(ceilDiv(elements, p), 16 * pieces);
}

/// The largest all-reduce segment (elements) whose buffers fit VMEM: the
/// ring keeps p chunks and two receive buffers, direct p copies.
int64_t ringSegment(const ChipConfig &chip, int64_t p, int64_t pieces) {
  int64_t chunkBytes = vmemBudget(chip) / (p + 2) / (64 * pieces) *
                       (64 * pieces);
  return chunkBytes / 4 * p;
}
int64_t directSegment(const ChipConfig &chip, int64_t p) {
  return vmemBudget(chip) / p / 64 * 64 / 4;
}

int piecesFor(const ChipConfig &chip) {
  return std::max(1, chip.linksPerDirection());
}

} // namespace

Operation *collectiveOfKernel(func::FuncOp kernel) {
  if (kernel.isExternal() || !llvm::hasSingleElement(kernel.getBody()))
    return nullptr;
  Block &body = kernel.front();
  if (body.getOperations().size() != 2)
    return nullptr;
  Operation *op = &body.front();
  return viewCollective(op) ? op : nullptr;
}

std::optional<CollectivePlan> planCollective(Operation *op,
                                             const ChipConfig &chip) {
  FailureOr<Shape> shaped = shapeOf(op, chip);
  if (failed(shaped))
    return std::nullopt;
  const Shape &shape = *shaped;
  CollectivePlan plan;
  int64_t p = shape.groups.size;
  plan.groupSize = p;
  int64_t alpha = chip.hopLatencyCycles();
  int64_t inBytes = shape.input.getNumElements() * shape.elementBytes;
  int64_t outBytes = shape.result.getNumElements() * shape.elementBytes;
  std::string group = llvm::formatv("{0} over {1} chips", shape.view.name, p);
  if (p == 1) {
    plan.algorithm = CollectiveAlgorithm::Copy;
    plan.cycles = hbmCycles(chip, inBytes);
    plan.description = group + ": a copy";
    return plan;
  }
  int64_t pieces = piecesFor(chip);
  SmallVector<int64_t> everyone;
  for (int64_t k = 1; k < p; ++k)
    everyone.push_back(k);
  Exchange ringStep = exchangeOf(shape, {1}, pieces);
  Exchange all = exchangeOf(shape, everyone, 1);
  std::string model = llvm::formatv(
      "alpha {0} cycles/hop, B {1:F2} bytes/cycle, {2} links/direction",
      alpha, chip.linkBytesPerCycle(), pieces);
  switch (shape.view.kind) {
  case artifact::CollectiveKind_AllReduce: {
    int64_t n = shape.input.getNumElements();
    // Ring: 2(p-1) steps of one chunk split over the links.
    int64_t ring = 0, direct = 0;
    // A VMEM too small for either layout makes that one unusable (the
    // generator reports it when both are).
    constexpr int64_t kUnusable = std::numeric_limits<int64_t>::max() / 4;
    int64_t ringSegments =
        ringSegment(chip, p, pieces) ? ceilDiv(n, ringSegment(chip, p, pieces))
                                     : 0;
    if (!ringSegments)
      ring = kUnusable;
    for (int64_t s = 0, left = n; s < ringSegments; ++s) {
      int64_t count = std::min(left, ringSegment(chip, p, pieces));
      left -= count;
      int64_t piece = ringChunk(count, p, pieces) * 4 / pieces;
      int64_t combine = reductionCycles(chip, piece * pieces / 4, 7);
      ring += ringCycles(chip, shape, p - 1, piece, pieces, combine) +
              ringCycles(chip, shape, p - 1, piece, pieces, 0) +
              hbmCycles(chip, count * 4);
    }
    // Direct: one exchange of the whole tensor with every member.
    int64_t directSegments =
        directSegment(chip, p) ? ceilDiv(n, directSegment(chip, p)) : 0;
    if (!directSegments)
      direct = kUnusable;
    for (int64_t s = 0, left = n; s < directSegments; ++s) {
      int64_t count = std::min(left, directSegment(chip, p));
      left -= count;
      direct += exchangeCycles(chip, all, count * 4) +
                reductionCycles(chip, count, 3 * p + 1) +
                hbmCycles(chip, count * 4);
    }
    if (direct < ring) {
      plan.algorithm = CollectiveAlgorithm::Direct;
      plan.cycles = direct;
      plan.description = llvm::formatv(
          "{0}: direct, {1} segment(s), {2} bytes to every member (routes "
          "of up to {3} hops, {4} messages on the busiest link direction; "
          "{5})",
          group, directSegments, n * 4, all.hops, all.load, model);
    } else {
      plan.algorithm = CollectiveAlgorithm::Ring;
      plan.pieces = pieces;
      plan.cycles = ring;
      plan.description = llvm::formatv(
          "{0}: ring, {1} segment(s) x {2} steps of {3} x {4} bytes ({5} "
          "hops a step; {6})",
          group, ringSegments, 2 * (p - 1), pieces,
          ringChunk(std::min(n, ringSegment(chip, p, pieces)), p, pieces) *
              4 / pieces,
          ringStep.hops, model);
    }
    return plan;
  }
  case artifact::CollectiveKind_AllGather:
  case artifact::CollectiveKind_ReduceScatter: {
    bool gather = shape.view.kind == artifact::CollectiveKind_AllGather;
    int64_t block = gather ? inBytes : outBytes;
    int64_t slotBudget =
        std::max<int64_t>(64, vmemBudget(chip) / (p + 2) / 64 * 64);
    int64_t segments = ceilDiv(block, slotBudget);
    int64_t segment = ceilDiv(block, segments);
    plan.algorithm = gather ? CollectiveAlgorithm::RingGather
                            : CollectiveAlgorithm::RingScatter;
    plan.pieces = segment % (4 * pieces) == 0 ? pieces : 1;
    Exchange step = exchangeOf(shape, {1}, plan.pieces);
    plan.cycles =
        segments * ringCycles(chip, shape, p - 1, segment / plan.pieces,
                              plan.pieces,
                              gather ? 0 : reductionCycles(chip, segment / 4, 7)) +
        hbmCycles(chip, std::max(inBytes, outBytes));
    plan.description = llvm::formatv(
        "{0}: ring, about {1} segment(s) x {2} steps of {3} x {4} bytes ({5} "
        "hops a step; {6})",
        group, segments, p - 1, plan.pieces, segment / plan.pieces, step.hops,
        model);
    return plan;
  }
  default: {
    int64_t block = inBytes / p;
    plan.algorithm = CollectiveAlgorithm::Pairwise;
    plan.cycles = exchangeCycles(chip, all, block) + hbmCycles(chip, inBytes);
    plan.description = llvm::formatv(
        "{0}: pairwise exchange of {1} blocks of {2} bytes (routes of up to "
        "{3} hops, {4} messages on the busiest link direction; {5})",
        group, p - 1, block, all.hops, all.load, model);
    return plan;
  }
  }
}

namespace {

/// Code generation of one collective kernel.
class CollectiveCodegen {
public:
  CollectiveCodegen(KernelEnv &env, Operation *op, const Shape &shape,
                    const CollectivePlan &plan)
      : env(env), b(env.b), op(op), shape(shape), plan(plan),
        p(shape.groups.size) {}

  LogicalResult generate();

private:
  KernelEnv &env;
  ProgramBuilder &b;
  Operation *op;
  const Shape &shape;
  const CollectivePlan &plan;
  int64_t p;
  /// An HBM offset the chip's DMA alignment does not divide, if any.
  int64_t misaligned = 0;

  /// The rank, the device of rank 0 of the group, the neighbours.
  int rank = -1, base = -1, right = -1, left = -1;
  int temp[4] = {-1, -1, -1, -1};
  int dmaFlag = -1, sendFlag = -1, recvFlag = -1;

  LogicalResult allocate();
  void loadGroup(Label done);
  /// d = base + ((rank + k) mod p) * stride.
  void slotAddress(int d, int64_t base, int64_t k, int64_t stride);
  /// d = the chip of rank (rank + k) mod p.
  void memberChip(int d, int64_t k);
  /// d = argument `argument`'s address + offset.
  void hbmAddress(int d, unsigned argument, int64_t offset);
  /// Rows of rowBytes between VMEM at sVmem and HBM at sHbm; returns the
  /// number of DMAs issued (all raise dmaFlag).
  FailureOr<int64_t> transfer(DmaFunc func, int sVmem, int sHbm, int64_t rows,
                              int64_t rowBytes, int64_t vmemStride,
                              int64_t hbmStride);
  /// Contiguous form of transfer.
  FailureOr<int64_t> transfer(DmaFunc func, int sVmem, int sHbm,
                              int64_t bytes) {
    return transfer(func, sVmem, sHbm, 1, bytes, bytes, bytes);
  }
  /// `pieces` messages of `bytes` / pieces from VMEM at sVmem to chip
  /// sChip, or receives of them.
  void sendPieces(int sVmem, int sChip, int64_t bytes, int64_t pieces);
  void recvPieces(int sVmem, int sChip, int64_t bytes, int64_t pieces);
  /// VMEM dst[i] = src[i] OP dst[i] for `count` f32 elements.
  LogicalResult combine(int sDst, int sSrc, int64_t count);
  VectorFunc reductionFunc() const;

  LogicalResult copy();
  LogicalResult ringAllReduce();
  LogicalResult directAllReduce();
  LogicalResult ringBlocks(bool gather);
  LogicalResult pairwise();
};

LogicalResult CollectiveCodegen::allocate() {
  rank = env.regs.scalar();
  right = env.regs.scalar();
  left = env.regs.scalar();
  base = env.regs.scalar();
  for (int &t : temp)
    t = env.regs.scalar();
  dmaFlag = env.regs.flag();
  sendFlag = env.regs.flag();
  recvFlag = env.regs.flag();
  if (rank < 0 || right < 0 || left < 0 || base < 0 || temp[3] < 0 ||
      recvFlag < 0)
    return env.error(op, "has too many arguments: no registers left for the "
                         "collective's addresses");
  return success();
}

void CollectiveCodegen::loadGroup(Label done) {
  // The kernel's first instruction keeps the kernel's own comment.
  b.li(temp[0], shape.groups.devices);
  b.comment(plan.description + "; predicted " + std::to_string(plan.cycles) +
            " cycles. Chips past the mesh's " +
            std::to_string(shape.groups.devices) + " take no part");
  b.branch(BranchFunc::Ge, KernelEnv::kChipIdRegister, temp[0], done);
  b.comment("rank = this chip's coordinates on the group's axes, row-major");
  b.li(rank, 0);
  b.addi(base, KernelEnv::kChipIdRegister, 0);
  for (auto [size, stride] : shape.groups.axes) {
    if (stride != 1) {
      b.alui(ScalarFunc::Div, temp[0], KernelEnv::kChipIdRegister, stride);
      b.alui(ScalarFunc::Rem, temp[0], temp[0], size);
    } else {
      b.alui(ScalarFunc::Rem, temp[0], KernelEnv::kChipIdRegister, size);
    }
    b.alui(ScalarFunc::Mul, rank, rank, size);
    b.alu(ScalarFunc::Add, rank, rank, temp[0]);
    if (stride != 1)
      b.alui(ScalarFunc::Mul, temp[0], temp[0], stride);
    b.alu(ScalarFunc::Sub, base, base, temp[0]);
  }
  memberChip(right, 1);
  memberChip(left, p - 1);
}

void CollectiveCodegen::memberChip(int d, int64_t k) {
  // q = (rank + k) mod p in the group's mixed radix, minor axis first.
  b.addi(temp[0], rank, k % p);
  b.alui(ScalarFunc::Rem, temp[0], temp[0], p);
  b.addi(d, base, 0);
  for (size_t i = shape.groups.axes.size(); i-- > 0;) {
    auto [size, stride] = shape.groups.axes[i];
    // On the major axis q < size: the digit is q itself.
    if (i == 0 && stride == 1) {
      b.alu(ScalarFunc::Add, d, d, temp[0]);
      break;
    }
    if (i == 0)
      b.addi(temp[1], temp[0], 0);
    else
      b.alui(ScalarFunc::Rem, temp[1], temp[0], size);
    if (stride != 1)
      b.alui(ScalarFunc::Mul, temp[1], temp[1], stride);
    b.alu(ScalarFunc::Add, d, d, temp[1]);
    if (i != 0)
      b.alui(ScalarFunc::Div, temp[0], temp[0], size);
  }
}

void CollectiveCodegen::slotAddress(int d, int64_t base, int64_t k,
                                    int64_t stride) {
  b.addi(d, rank, k % p);
  b.alui(ScalarFunc::Rem, d, d, p);
  b.alui(ScalarFunc::Mul, d, d, stride);
  b.addi(d, d, base);
}

void CollectiveCodegen::hbmAddress(int d, unsigned argument, int64_t offset) {
  if (offset % env.chip.hbm.dmaAlignment != 0 && !misaligned)
    misaligned = offset;
  b.addi(d, KernelEnv::argumentRegister(argument), offset);
}

FailureOr<int64_t> CollectiveCodegen::transfer(DmaFunc func, int sVmem,
                                               int sHbm, int64_t rows,
                                               int64_t rowBytes,
                                               int64_t vmemStride,
                                               int64_t hbmStride) {
  int64_t alignment = env.chip.hbm.dmaAlignment;
  if (rowBytes % alignment != 0 ||
      (rows > 1 && (vmemStride % alignment != 0 ||
                    hbmStride % alignment != 0)))
    return env.error(op, "moves rows of " + Twine(rowBytes) + " bytes, " +
                             Twine(hbmStride) + " bytes apart, which the "
                             "chip's " + Twine(alignment) +
                             "-byte DMA alignment does not divide");
  constexpr int64_t kMaxRows = 65535, kPiece = int64_t(1) << 22;
  if (rows == 1 || (vmemStride == rowBytes && hbmStride == rowBytes)) {
    int64_t bytes = rows * rowBytes;
    if (bytes <= kPiece) {
      b.dma(func, sVmem, sHbm, dmaFlag, 1, bytes, bytes, bytes);
      return 1;
    }
    rows = bytes / kPiece;
    rowBytes = vmemStride = hbmStride = kPiece;
    int64_t rest = bytes - rows * kPiece;
    if (rest) {
      b.addi(temp[2], sVmem, rows * kPiece);
      b.addi(temp[3], sHbm, rows * kPiece);
      b.dma(func, temp[2], temp[3], dmaFlag, 1, rest, rest, rest);
      b.dma(func, sVmem, sHbm, dmaFlag, rows, kPiece, kPiece, kPiece);
      return 2;
    }
  }
  if (rowBytes % 4 != 0 || rowBytes >= (int64_t(1) << 24) ||
      vmemStride >= (int64_t(1) << 24) || hbmStride >= (int64_t(1) << 32))
    return env.error(op, "moves rows of " + Twine(rowBytes) +
                             " bytes, " + Twine(hbmStride) +
                             " bytes apart: past the DMA's fields or not "
                             "whole 4-byte words");
  int64_t issued = 0;
  for (int64_t first = 0; first < rows; first += kMaxRows) {
    int64_t count = std::min(kMaxRows, rows - first);
    int v = sVmem, h = sHbm;
    if (first) {
      b.addi(temp[2], sVmem, first * vmemStride);
      b.addi(temp[3], sHbm, first * hbmStride);
      v = temp[2];
      h = temp[3];
    }
    b.dma(func, v, h, dmaFlag, count, rowBytes, vmemStride, hbmStride);
    ++issued;
  }
  return issued;
}

void CollectiveCodegen::sendPieces(int sVmem, int sChip, int64_t bytes,
                                   int64_t pieces) {
  Instruction send;
  send.opcode = Opcode::Send;
  for (int64_t q = 0; q < pieces; ++q) {
    b.addi(temp[2], sVmem, q * (bytes / pieces));
    send.field[ici::Addr] = temp[2];
    send.field[ici::Chip] = sChip;
    send.field[ici::Flag] = sendFlag;
    send.field[ici::Bytes] = bytes / pieces;
    b.emit(send);
  }
}

void CollectiveCodegen::recvPieces(int sVmem, int sChip, int64_t bytes,
                                   int64_t pieces) {
  Instruction recv;
  recv.opcode = Opcode::Recv;
  for (int64_t q = 0; q < pieces; ++q) {
    b.addi(temp[2], sVmem, q * (bytes / pieces));
    recv.field[ici::Addr] = temp[2];
    recv.field[ici::Chip] = sChip;
    recv.field[ici::Flag] = recvFlag;
    recv.field[ici::Bytes] = bytes / pieces;
    b.emit(recv);
  }
}

VectorFunc CollectiveCodegen::reductionFunc() const {
  switch (shape.view.reduction) {
  case shard::ReductionKind::Max:
    return VectorFunc::Max;
  case shard::ReductionKind::Min:
    return VectorFunc::Min;
  case shard::ReductionKind::Product:
    return VectorFunc::Mul;
  default:
    return VectorFunc::Add;
  }
}

/// Calls `step(rows, width)` over `count` f32 elements in register tiles
/// of sublanes x lanes: a loop over the whole tiles counted in `counter`,
/// then one tile of the remaining whole rows, then one row of the rest.
static void forEachTile(ProgramBuilder &b, int counter, int64_t count,
                        int64_t sublanes, int64_t lanes,
                        function_ref<void(int64_t, int64_t)> step) {
  int64_t tile = sublanes * lanes;
  if (int64_t tiles = count / tile) {
    b.li(counter, tiles);
    Label loop = b.newLabel();
    b.bind(loop);
    step(sublanes, lanes);
    b.loop(counter, loop);
  }
  if (int64_t rows = count % tile / lanes)
    step(rows, lanes);
  if (int64_t rest = count % lanes)
    step(1, rest);
}

LogicalResult CollectiveCodegen::combine(int sDst, int sSrc, int64_t count) {
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  int va = env.regs.vector(), vb = env.regs.vector();
  if (va < 0 || vb < 0)
    return env.error(op, "has no vector registers left");
  VectorFunc func = reductionFunc();
  b.addi(temp[0], sDst, 0);
  b.addi(temp[1], sSrc, 0);
  auto step = [&](int64_t rows, int64_t width) {
    b.vld(va, temp[1], lanes * 4, rows, width);
    b.vld(vb, temp[0], lanes * 4, rows, width);
    b.valu(func, va, va, vb);
    b.vst(va, temp[0], lanes * 4, rows, width);
    b.addi(temp[1], temp[1], rows * width * 4);
    b.addi(temp[0], temp[0], rows * width * 4);
  };
  forEachTile(b, temp[3], count, sublanes, lanes, step);
  env.regs.releaseVector(va);
  env.regs.releaseVector(vb);
  return success();
}

LogicalResult CollectiveCodegen::copy() {
  int64_t bytes = shape.input.getNumElements() * shape.elementBytes;
  int64_t budget = vmemBudget(env.chip) / 64 * 64;
  int64_t buffer = env.vmem.allocate(std::min(bytes, budget));
  for (int64_t offset = 0; offset < bytes; offset += budget) {
    int64_t size = std::min(budget, bytes - offset);
    b.li(temp[0], buffer);
    hbmAddress(temp[1], 0, offset);
    FailureOr<int64_t> in = transfer(DmaFunc::Load, temp[0], temp[1], size);
    if (failed(in))
      return failure();
    b.wait(dmaFlag, *in);
    hbmAddress(temp[1], 1, offset);
    FailureOr<int64_t> out = transfer(DmaFunc::Store, temp[0], temp[1], size);
    if (failed(out))
      return failure();
    b.wait(dmaFlag, *out);
  }
  return success();
}

LogicalResult CollectiveCodegen::ringAllReduce() {
  int64_t n = shape.input.getNumElements();
  int64_t pieces = plan.pieces;
  int64_t segment = ringSegment(env.chip, p, pieces);
  if (segment == 0)
    return env.error(op, "needs " + Twine(p + 2) + " buffers of " +
                             Twine(64 * pieces) + " bytes, more than the " +
                             Twine(vmemBudget(env.chip)) + " bytes of VMEM");
  int64_t chunk = ringChunk(std::min(n, segment), p, pieces);
  int64_t chunkBytes = chunk * 4;
  int64_t buffer = env.vmem.allocate(p * chunkBytes);
  int64_t received[2] = {env.vmem.allocate(chunkBytes),
                         env.vmem.allocate(chunkBytes)};
  int send = env.regs.scalar(), into = env.regs.scalar(),
      scratch = env.regs.scalar();
  if (buffer < 0 || received[1] < 0 || scratch < 0)
    return env.error(op, "does not fit VMEM or the registers");
  for (int64_t first = 0; first < n; first += segment) {
    int64_t count = std::min(segment, n - first);
    chunk = ringChunk(count, p, pieces);
    chunkBytes = chunk * 4;
    b.comment(llvm::formatv("ring all_reduce of elements {0}..{1}: {2} "
                            "chunks of {3}",
                            first, first + count - 1, p, chunk)
                  .str());
    b.li(scratch, buffer);
    hbmAddress(temp[1], 0, first * 4);
    FailureOr<int64_t> in =
        transfer(DmaFunc::Load, scratch, temp[1], count * 4);
    if (failed(in))
      return failure();
    b.wait(dmaFlag, *in);
    for (int64_t t = 0; t + 1 < p; ++t) {
      b.comment("reduce-scatter step " + std::to_string(t));
      b.li(into, received[t % 2]);
      recvPieces(into, left, chunkBytes, pieces);
      slotAddress(send, buffer, p - t, chunkBytes);
      sendPieces(send, right, chunkBytes, pieces);
      b.wait(recvFlag, pieces);
      slotAddress(scratch, buffer, 2 * p - t - 1, chunkBytes);
      if (failed(combine(scratch, into, chunk)))
        return failure();
      b.wait(sendFlag, pieces);
    }
    for (int64_t t = 0; t + 1 < p; ++t) {
      b.comment("all-gather step " + std::to_string(t));
      slotAddress(into, buffer, p - t, chunkBytes);
      recvPieces(into, left, chunkBytes, pieces);
      slotAddress(send, buffer, p + 1 - t, chunkBytes);
      sendPieces(send, right, chunkBytes, pieces);
      b.wait(recvFlag, pieces);
      b.wait(sendFlag, pieces);
    }
    b.li(scratch, buffer);
    hbmAddress(temp[1], 1, first * 4);
    FailureOr<int64_t> out =
        transfer(DmaFunc::Store, scratch, temp[1], count * 4);
    if (failed(out))
      return failure();
    b.wait(dmaFlag, *out);
  }
  return success();
}

LogicalResult CollectiveCodegen::directAllReduce() {
  int64_t n = shape.input.getNumElements();
  int64_t segment = directSegment(env.chip, p);
  if (segment == 0)
    return env.error(op, "needs " + Twine(p) + " buffers of 64 bytes, more "
                             "than the " + Twine(vmemBudget(env.chip)) +
                             " bytes of VMEM");
  int64_t slot = roundUp(std::min(n, segment) * 4, 64);
  int64_t buffer = env.vmem.allocate(p * slot);
  int own = env.regs.scalar(), chip = env.regs.scalar(),
      other = env.regs.scalar();
  if (buffer < 0 || other < 0)
    return env.error(op, "does not fit VMEM or the registers");
  int64_t sublanes = env.chip.vector.sublanes, lanes = env.chip.vector.lanes;
  for (int64_t first = 0; first < n; first += segment) {
    int64_t count = std::min(segment, n - first);
    b.comment(llvm::formatv("direct all_reduce of elements {0}..{1}", first,
                            first + count - 1)
                  .str());
    slotAddress(own, buffer, 0, slot);
    hbmAddress(temp[1], 0, first * 4);
    FailureOr<int64_t> in = transfer(DmaFunc::Load, own, temp[1], count * 4);
    if (failed(in))
      return failure();
    b.wait(dmaFlag, *in);
    for (int64_t k = 1; k < p; ++k) {
      slotAddress(other, buffer, p - k, slot);
      memberChip(chip, p - k);
      recvPieces(other, chip, count * 4, 1);
    }
    for (int64_t k = 1; k < p; ++k) {
      memberChip(chip, k);
      sendPieces(own, chip, count * 4, 1);
    }
    b.wait(recvFlag, p - 1);
    b.wait(sendFlag, p - 1);
    // Slot 0 = ((x_0 OP x_1) OP x_2) ..., tile by tile.
    b.comment("reduce the members' tensors in group order");
    int va = env.regs.vector(), vb = env.regs.vector();
    if (va < 0 || vb < 0)
      return env.error(op, "has no vector registers left");
    VectorFunc func = reductionFunc();
    b.li(other, buffer);
    auto step = [&](int64_t rows, int64_t width) {
      b.vld(va, other, lanes * 4, rows, width);
      for (int64_t j = 1; j < p; ++j) {
        b.addi(temp[0], other, j * slot);
        b.vld(vb, temp[0], lanes * 4, rows, width);
        b.valu(func, va, va, vb);
      }
      b.vst(va, other, lanes * 4, rows, width);
      b.addi(other, other, rows * width * 4);
    };
    forEachTile(b, temp[3], count, sublanes, lanes, step);
    env.regs.releaseVector(va);
    env.regs.releaseVector(vb);
    b.li(other, buffer);
    hbmAddress(temp[1], 1, first * 4);
    FailureOr<int64_t> out =
        transfer(DmaFunc::Store, other, temp[1], count * 4);
    if (failed(out))
      return failure();
    b.wait(dmaFlag, *out);
  }
  return success();
}

/// The blocks along `axis` of a tensor split p ways: `outer` rows of
/// `inner` bytes per block, block k at k x inner in each row of p x inner.
struct Blocks {
  int64_t outer = 1, inner = 1;
};

Blocks blocksAlong(RankedTensorType whole, int64_t axis, int64_t p,
                   int64_t elementBytes) {
  Blocks blocks;
  ArrayRef<int64_t> shape = whole.getShape();
  for (int64_t i = 0; i < axis; ++i)
    blocks.outer *= shape[i];
  blocks.inner = shape[axis] / p * elementBytes;
  for (size_t i = axis + 1; i < shape.size(); ++i)
    blocks.inner *= shape[i];
  return blocks;
}

LogicalResult CollectiveCodegen::ringBlocks(bool gather) {
  // The tensor with p blocks (the gather's result, the scatter's input).
  RankedTensorType whole = gather ? shape.result : shape.input;
  Blocks blocks = blocksAlong(whole, shape.view.axis, p, shape.elementBytes);
  int64_t slotBudget = vmemBudget(env.chip) / (p + 2) / 64 * 64;
  if (slotBudget == 0)
    return env.error(op, "needs " + Twine(p + 2) + " buffers of 64 bytes, "
                             "more than the " + Twine(vmemBudget(env.chip)) +
                             " bytes of VMEM");
  // A segment is `rows` rows of `cols` bytes of each block.
  int64_t rows = 1, cols = blocks.inner;
  if (blocks.inner <= slotBudget)
    rows = std::min(blocks.outer, slotBudget / blocks.inner);
  else
    cols = slotBudget;
  int64_t slot = roundUp(rows * cols, 64);
  int64_t buffer = env.vmem.allocate(p * slot);
  int64_t received[2] = {env.vmem.allocate(slot), env.vmem.allocate(slot)};
  int send = env.regs.scalar(), into = env.regs.scalar(),
      scratch = env.regs.scalar();
  if (buffer < 0 || received[1] < 0 || scratch < 0)
    return env.error(op, "does not fit VMEM or the registers");
  unsigned wholeArgument = gather ? 1 : 0, localArgument = gather ? 0 : 1;
  for (int64_t r0 = 0; r0 < blocks.outer; r0 += rows) {
    for (int64_t c0 = 0; c0 < blocks.inner; c0 += cols) {
      int64_t segRows = std::min(rows, blocks.outer - r0);
      int64_t segCols = std::min(cols, blocks.inner - c0);
      int64_t bytes = segRows * segCols;
      int64_t pieces = bytes % (4 * plan.pieces) == 0 ? plan.pieces : 1;
      b.comment(llvm::formatv("ring {0}: block rows {1}..{2}, bytes {3}..{4}",
                              shape.view.name, r0, r0 + segRows - 1, c0,
                              c0 + segCols - 1)
                    .str());
      int64_t localOffset = r0 * blocks.inner + c0;
      int64_t wholeOffset = r0 * p * blocks.inner + c0;
      if (gather) {
        slotAddress(scratch, buffer, 0, slot);
        hbmAddress(temp[1], localArgument, localOffset);
        FailureOr<int64_t> in =
            transfer(DmaFunc::Load, scratch, temp[1], segRows, segCols,
                     segCols, blocks.inner);
        if (failed(in))
          return failure();
        b.wait(dmaFlag, *in);
      } else {
        int64_t issued = 0;
        for (int64_t k = 0; k < p; ++k) {
          b.li(scratch, buffer + k * slot);
          hbmAddress(temp[1], wholeArgument, wholeOffset + k * blocks.inner);
          FailureOr<int64_t> in =
              transfer(DmaFunc::Load, scratch, temp[1], segRows, segCols,
                       segCols, p * blocks.inner);
          if (failed(in))
            return failure();
          issued += *in;
        }
        b.wait(dmaFlag, issued);
      }
      for (int64_t t = 0; t + 1 < p; ++t) {
        b.comment("ring step " + std::to_string(t));
        if (gather) {
          // Forward block r - t, receive block r - t - 1 in place.
          slotAddress(into, buffer, 2 * p - t - 1, slot);
          recvPieces(into, left, bytes, pieces);
          slotAddress(send, buffer, p - t, slot);
          sendPieces(send, right, bytes, pieces);
          b.wait(recvFlag, pieces);
          b.wait(sendFlag, pieces);
          continue;
        }
        // Send block r - t - 1, combine block r - t - 2 with the received.
        b.li(into, received[t % 2]);
        recvPieces(into, left, bytes, pieces);
        slotAddress(send, buffer, 2 * p - t - 1, slot);
        sendPieces(send, right, bytes, pieces);
        b.wait(recvFlag, pieces);
        slotAddress(scratch, buffer, 2 * p - t - 2, slot);
        if (failed(combine(scratch, into, bytes / 4)))
          return failure();
        b.wait(sendFlag, pieces);
      }
      if (gather) {
        int64_t issued = 0;
        for (int64_t k = 0; k < p; ++k) {
          b.li(scratch, buffer + k * slot);
          hbmAddress(temp[1], wholeArgument, wholeOffset + k * blocks.inner);
          FailureOr<int64_t> out =
              transfer(DmaFunc::Store, scratch, temp[1], segRows, segCols,
                       segCols, p * blocks.inner);
          if (failed(out))
            return failure();
          issued += *out;
        }
        b.wait(dmaFlag, issued);
      } else {
        slotAddress(scratch, buffer, 0, slot);
        hbmAddress(temp[1], localArgument, localOffset);
        FailureOr<int64_t> out =
            transfer(DmaFunc::Store, scratch, temp[1], segRows, segCols,
                     segCols, blocks.inner);
        if (failed(out))
          return failure();
        b.wait(dmaFlag, *out);
      }
    }
  }
  return success();
}

LogicalResult CollectiveCodegen::pairwise() {
  Blocks split =
      blocksAlong(shape.input, shape.view.axis, p, shape.elementBytes);
  Blocks concat = blocksAlong(shape.result, shape.view.concatAxis, p,
                              shape.elementBytes);
  int64_t blockBytes = split.outer * split.inner;
  int64_t slot = roundUp(blockBytes, 64);
  if (2 * p * slot > vmemBudget(env.chip))
    return env.error(op, "moves " + Twine(p * blockBytes) +
                             " bytes per chip, but an all_to_all must fit "
                             "twice in VMEM (" +
                             Twine(vmemBudget(env.chip)) + " bytes)");
  int64_t inputs = env.vmem.allocate(p * slot);
  int64_t outputs = env.vmem.allocate(p * slot);
  int address = env.regs.scalar(), chip = env.regs.scalar();
  if (outputs < 0 || chip < 0)
    return env.error(op, "does not fit VMEM or the registers");
  int64_t issued = 0;
  for (int64_t k = 0; k < p; ++k) {
    b.li(address, inputs + k * slot);
    hbmAddress(temp[1], 0, k * split.inner);
    FailureOr<int64_t> in =
        transfer(DmaFunc::Load, address, temp[1], split.outer, split.inner,
                 split.inner, p * split.inner);
    if (failed(in))
      return failure();
    issued += *in;
  }
  b.wait(dmaFlag, issued);
  b.comment("exchange block r+k with rank r+k, for every k at once");
  for (int64_t k = 1; k < p; ++k) {
    slotAddress(address, outputs, p - k, slot);
    memberChip(chip, p - k);
    recvPieces(address, chip, blockBytes, 1);
  }
  for (int64_t k = 1; k < p; ++k) {
    slotAddress(address, inputs, k, slot);
    memberChip(chip, k);
    sendPieces(address, chip, blockBytes, 1);
  }
  b.wait(recvFlag, p - 1);
  b.wait(sendFlag, p - 1);
  // The received blocks at their places along the concat axis, this
  // chip's own block from the input slots.
  issued = 0;
  for (int64_t k = 0; k < p; ++k) {
    Label skip = b.newLabel();
    b.li(temp[0], k);
    b.branch(BranchFunc::Eq, rank, temp[0], skip);
    b.li(address, outputs + k * slot);
    hbmAddress(temp[1], 1, k * concat.inner);
    FailureOr<int64_t> out =
        transfer(DmaFunc::Store, address, temp[1], concat.outer, concat.inner,
                 concat.inner, p * concat.inner);
    if (failed(out))
      return failure();
    issued = *out;
    b.bind(skip);
  }
  slotAddress(address, inputs, 0, slot);
  b.alui(ScalarFunc::Mul, temp[1], rank, concat.inner);
  b.alu(ScalarFunc::Add, temp[1], temp[1], KernelEnv::argumentRegister(1));
  FailureOr<int64_t> own =
      transfer(DmaFunc::Store, address, temp[1], concat.outer, concat.inner,
               concat.inner, p * concat.inner);
  if (failed(own))
    return failure();
  b.wait(dmaFlag, issued * p);
  return success();
}

LogicalResult CollectiveCodegen::generate() {
  if (failed(allocate()))
    return failure();
  bool reduces = shape.view.kind == artifact::CollectiveKind_AllReduce ||
                 shape.view.kind == artifact::CollectiveKind_ReduceScatter;
  if (reduces && p > 1) {
    if (!shape.input.getElementType().isF32())
      return env.error(op, "reduces " +
                               Twine(shape.elementBytes * 8) +
                               "-bit elements; the vector unit reduces f32");
    auto kind = shape.view.reduction;
    if (kind != shard::ReductionKind::Sum &&
        kind != shard::ReductionKind::Max &&
        kind != shard::ReductionKind::Min &&
        kind != shard::ReductionKind::Product)
      return env.error(op, "reduces with " +
                               shard::stringifyReductionKind(kind) +
                               "; the chip reduces sum, max, min and product");
  }
  if (shape.elementBytes * 8 != static_cast<int64_t>(
                                    shape.input.getElementTypeBitWidth()))
    return env.error(op, "moves elements of " +
                             Twine(shape.input.getElementTypeBitWidth()) +
                             " bits; DMA moves whole bytes");
  if (shape.input.getNumElements() == 0 || shape.result.getNumElements() == 0)
    return success();
  if (plan.algorithm == CollectiveAlgorithm::Copy)
    return copy();
  Label done = b.newLabel();
  loadGroup(done);
  LogicalResult result = failure();
  switch (plan.algorithm) {
  case CollectiveAlgorithm::Ring:
    result = ringAllReduce();
    break;
  case CollectiveAlgorithm::Direct:
    result = directAllReduce();
    break;
  case CollectiveAlgorithm::RingGather:
    result = ringBlocks(/*gather=*/true);
    break;
  case CollectiveAlgorithm::RingScatter:
    result = ringBlocks(/*gather=*/false);
    break;
  case CollectiveAlgorithm::Pairwise:
    result = pairwise();
    break;
  case CollectiveAlgorithm::Copy:
    break;
  }
  b.bind(done);
  if (succeeded(result) && misaligned)
    return env.error(op, "reads or writes HBM at byte offset " +
                             Twine(misaligned) + ", which the chip's " +
                             Twine(env.chip.hbm.dmaAlignment) +
                             "-byte DMA alignment does not divide");
  return result;
}

bool matchesCollective(func::FuncOp kernel) {
  return collectiveOfKernel(kernel) != nullptr;
}

LogicalResult generateCollective(KernelEnv &env) {
  Operation *op = collectiveOfKernel(env.kernel);
  FailureOr<Shape> shape = shapeOf(op, env.chip);
  std::optional<CollectivePlan> plan = planCollective(op, env.chip);
  if (failed(shape) || !plan)
    return env.error(op, "has no static shape or no mesh (shard.grid) the "
                         "chips can be placed on");
  return CollectiveCodegen(env, op, *shape, *plan).generate();
}

} // namespace

void addCollectivePatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back({"collective", matchesCollective, generateCollective});
}

} // namespace loom::systolic::codegen
