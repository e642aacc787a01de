//===- ScalarCompute.cpp - Integer and indexing kernels on the scalar core ===//
//
// Part of the Loom project.
//
// Kernels the vector unit cannot compute exactly: integer arithmetic
// (add, sub, mul, div, rem, pow, min, max, neg, abs, clamp, compare, cast
// between integer types, select of integers), the i1 logic around them,
// element gathers and scatters with run-time indices (gather_elements,
// gather_nd, scatter, scatter_nd), static masks (trilu) and arg reductions
// (argmax, argmin: integer keys ordered as the floats, -0.0 on +0.0, NaN
// flagged, with the evaluator's first-NaN and tie rules), top-k (each
// output the line element whose count of elements ranked before it in the
// evaluator's stable order equals its rank), running sums (cumsum, in
// the evaluator's order), unsigned shifts, and f32 reductions of such
// values (reduce_sum / mean / max / min, folded in the evaluator's order),
// f32 to f64 and f64 to f32 casts (on the bits); f64 additions (elementwise
// and cumsum's) with the scalar core's s.addf64. The scalar core
// has an exact 64-bit integer ALU, so each result element is computed
// there, the kernel fully unrolled: every element's position is known at
// compile time, only gathered positions are computed at run time from the
// loaded index. A scatter first computes its data into the result's
// buffer, then applies each update in the evaluator's order, at its
// run-time address (1- and 2-byte elements by a read-modify-write of their
// word; f32 add / mul / max / min reductions on the vector unit, from
// splats of the old and the new value).
//
// Every argument is DMAed whole into VMEM (its size rounded up to the DMA
// alignment). An element is read with `s.ld` / `s.ld32` (narrower types
// from an `s.ld32` of their first byte, then sign- or zero-extended); a
// value of a w-bit integer type is kept sign-extended (zero-extended when
// unsigned) to 64 bits after every op, which makes the 64-bit results of
// add, sub, mul, div and rem wrap exactly as the evaluator's w-bit ones.
// Values of other types (floats, moved by select and gathers) are kept as
// their bits. The f32 ops of such a kernel (arithmetic, the vector unit's
// unary functions, compares, casts from and to integers) run on the vector
// unit one element at a time: splats of the operands' bits, the op, a
// 1-lane store to a scratch word (as i64 / i32 / i8 for casts to integers,
// which the store converts as the evaluator does; an integer goes to f32
// as an i64 stored and loaded back by `vld.i64`), and `s.ld32`. The chip has no
// scalar store: a 32-bit word goes to VMEM as `v.splat` of the register (a lane
// holding its low 32 bits) and a 1-lane `vst`, an i64 as two words; 1- and
// 2-byte elements are packed into words first. A result whose size is not a
// multiple of the DMA alignment is loaded first and its last word merged, so
// the bytes after it in HBM survive the store.
//
// The evaluator's semantics, op by op (evaluator/ElementwiseKernels.cpp,
// evaluator/IndexingKernels.cpp): div and rem by zero stop the run (the
// simulator fails the `s.div`), x / -1 wraps to -x and x rem -1 is 0
// (computed without the instruction, which fails on INT64_MIN / -1); rem
// without fmod takes the divisor's sign. A gathered index below zero has
// the axis size added; one still outside the axis stops the run (a
// division by zero commented "gather index out of range"), as the
// evaluator fails.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"
#include "backends/systolic/codegen/VectorTiles.h"
#include "ir/LoomOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>
#include <limits>
#include <optional>
#include <string>

namespace loom::systolic::codegen {

using namespace mlir;

namespace {

/// The most result elements a kernel may have: the code is unrolled.
constexpr int64_t kMaxElements = 16384;

/// Bytes of one element in memory (i1 takes a byte).
int64_t elementBytes(Type type) {
  if (type.isInteger(1))
    return 1;
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

bool isWideInteger(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  return integer && integer.getWidth() > 1 && integer.getWidth() <= 64 &&
         !(integer.isUnsigned() && integer.getWidth() == 64);
}

bool isInteger(Type type) { return type.isInteger(1) || isWideInteger(type); }

/// Types whose elements the kernel can move as bits.
bool isMovable(Type type) {
  if (!type.isIntOrFloat())
    return false;
  int64_t bytes = elementBytes(type);
  return bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
}

Type elementType(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

/// Whether the scalar core computes `op` (on these types).
bool supported(Operation *op) {
  for (Type type : op->getOperandTypes())
    if (!isa<RankedTensorType>(type) ||
        !cast<RankedTensorType>(type).hasStaticShape())
      return false;
  if (isa<ConstantOp>(op))
    return isa<DenseElementsAttr>(cast<ConstantOp>(op).getValue()) &&
           isMovable(elementType(op->getResult(0)));
  if (isa<AddOp, SubOp, MulOp, DivOp, MinOp, MaxOp, PowOp, NegOp, AbsOp, SqrtOp,
          ExpOp, LogOp, TanhOp, ErfOp, FloorOp, CeilOp, RoundOp, SinOp, CosOp,
          TanOp, AsinOp, AcosOp, AtanOp, SinhOp, CoshOp, AsinhOp, AcoshOp,
          AtanhOp>(op) &&
      elementType(op->getResult(0)).isF32())
    return true;
  if (isa<AddOp, MinOp, MaxOp>(op) && elementType(op->getResult(0)).isF64())
    return true;
  if (isa<MinOp, MaxOp>(op) &&
      elementType(op->getResult(0)).isUnsignedInteger(64))
    return true;
  if (isa<AddOp, SubOp, MulOp, DivOp, RemOp, MinOp, MaxOp, PowOp, NegOp, AbsOp,
          ClampOp>(op))
    return isWideInteger(elementType(op->getResult(0)));
  if (isa<ShiftOp>(op)) // unsigned integers (the verifier holds it)
    return elementType(op->getResult(0)).getIntOrFloatBitWidth() > 1;
  if (isa<CompareOp>(op))
    return isInteger(elementType(op->getOperand(0))) ||
           elementType(op->getOperand(0)).isF32();
  if (isa<AndOp, OrOp, XorOp, NotOp>(op))
    return true;
  if (isa<CastOp>(op)) {
    Type from = elementType(op->getOperand(0)),
         to = elementType(op->getResult(0));
    // The integer types a vector store converts f32 to (saturating):
    // .u8 for ui8 and i1, .i8, .i32, .i64; none for ui32 / ui64.
    auto storable = [](Type type) {
      return type.isInteger(1) || type.isInteger(8) ||
             ((type.isInteger(32) || type.isInteger(64)) &&
              !type.isUnsignedInteger());
    };
    return (isInteger(from) && isInteger(to)) ||
           (isInteger(from) && to.isF32()) || (from.isF32() && storable(to)) ||
           (from.isF32() && (to.isF32() || to.isF64())) ||
           (from.isF64() && to.isF32());
  }
  if (isa<SelectOp, GatherElementsOp, GatherNdOp, TriluOp, ReshapeOp>(op))
    return isMovable(elementType(op->getResult(0)));
  if (isa<CumSumOp>(op) && elementType(op->getOperand(0)).isF64())
    return true;
  if (isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(op))
    return elementType(op->getOperand(0)).isF32();
  if (isa<ArgMaxOp, ArgMinOp, CumSumOp, TopKOp>(op)) {
    Type input = elementType(op->getOperand(0));
    return input.isF32() || isWideInteger(input);
  }
  if (isa<ScatterOp, ScatterNdOp>(op)) {
    Type type = elementType(op->getResult(0));
    ScatterReduction reduction = isa<ScatterOp>(op)
                                     ? cast<ScatterOp>(op).getReduction()
                                     : cast<ScatterNdOp>(op).getReduction();
    return isMovable(type) && (reduction == ScatterReduction::none ||
                               isWideInteger(type) || type.isF32());
  }
  return false;
}

/// Whether `op` casts an f32 the kernel computes to ui8, i8, i32 or i64
/// and only the kernel returns it, all results of one static shape: a
/// converting store, which the vector unit's elementwise kernels write a
/// tile at a time (codegen/Elementwise.cpp), so it does not call for this
/// generator. A cast of an argument has no f32 op to compute and stays here.
bool isConvertingStore(func::FuncOp kernel, Operation *op) {
  auto castOp = dyn_cast<CastOp>(op);
  if (!castOp || !castOp.getInput().getDefiningOp() ||
      !elementType(castOp.getInput()).isF32() ||
      !convertingStore(elementType(castOp.getResult())))
    return false;
  auto type = cast<RankedTensorType>(castOp.getResult().getType());
  return type.hasStaticShape() &&
         llvm::all_of(castOp->getUsers(),
                      [](Operation *user) {
                        return isa<func::ReturnOp>(user);
                      }) &&
         llvm::all_of(kernel.getFunctionType().getResults(), [&](Type result) {
           return cast<RankedTensorType>(result).getShape() ==
                  type.getShape();
         });
}

bool matchesScalar(func::FuncOp kernel) {
  bool wanted = false;
  for (Operation &op : kernel.front().without_terminator()) {
    if (!supported(&op))
      return false;
    if (isa<GatherElementsOp, GatherNdOp, ScatterOp, ScatterNdOp, TriluOp,
            ArgMaxOp, ArgMinOp, CumSumOp, TopKOp, ShiftOp>(op) ||
        (isa<CastOp>(op) && (elementType(op.getResult(0)).isF64() ||
                              elementType(op.getOperand(0)).isF64())) ||
        (isa<AddOp, MinOp, MaxOp>(op) &&
         elementType(op.getResult(0)).isF64()) ||
        (isa<MinOp, MaxOp>(op) &&
         elementType(op.getResult(0)).isUnsignedInteger(64)))
      wanted = true;
    if (isConvertingStore(kernel, &op))
      continue;
    if (!isa<ConstantOp, ReshapeOp>(op))
      for (Value value : llvm::concat<Value>(op.getOperands(), op.getResults()))
        if (isWideInteger(elementType(value)))
          wanted = true;
  }
  return wanted;
}

SmallVector<int64_t> delinearize(int64_t linear, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> index(shape.size());
  for (int dim = static_cast<int>(shape.size()) - 1; dim >= 0; --dim) {
    index[dim] = shape[dim] ? linear % shape[dim] : 0;
    linear = shape[dim] ? linear / shape[dim] : 0;
  }
  return index;
}

int64_t linearize(ArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  int64_t linear = 0;
  for (size_t dim = 0; dim < shape.size(); ++dim)
    linear = linear * shape[dim] + index[dim];
  return linear;
}

/// `index` of a result of shape `resultRank` mapped onto an operand of
/// `shape` broadcast to it (NumPy rules).
SmallVector<int64_t> broadcastIndex(ArrayRef<int64_t> index,
                                    ArrayRef<int64_t> shape) {
  SmallVector<int64_t> mapped(shape.size());
  size_t lead = index.size() - shape.size();
  for (size_t dim = 0; dim < shape.size(); ++dim)
    mapped[dim] = shape[dim] == 1 ? 0 : index[lead + dim];
  return mapped;
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

class ScalarKernel {
public:
  explicit ScalarKernel(KernelEnv &env) : env(env), b(env.b) {}

  LogicalResult generate();

private:
  /// A register holding element `index` of `value`; the caller releases
  /// it. -1 after an error, already reported.
  int compute(Value value, ArrayRef<int64_t> index);
  int computeOp(Operation *op, ArrayRef<int64_t> index);
  /// The f64 bits of the f32 whose bits `x` holds, in `x`.
  int widenToF64(int x);
  /// The f32 bits (zero-extended) of the f64 whose bits `x` holds, in `x`.
  int narrowToF32(int x);
  /// The index of the extreme element of the line of an arg reduction
  /// through `index`, with the evaluator's NaN and tie rules.
  int computeArgReduce(Operation *op, ArrayRef<int64_t> index);
  /// Element `index` of a top-k's values or indices: the line element whose
  /// rank in the evaluator's stable order is index[axis].
  int computeTopK(OpResult result, ArrayRef<int64_t> index);
  /// Turns f32 bits (low 32 bits of `reg`) into an integer key ordered as
  /// the floats, -0.0 equal to +0.0; sets `nan` to 1 for a NaN, else 0.
  void floatKey(int reg, int nan);
  int scalar(Operation *op);
  /// dest = the element of `type` at the VMEM address in `address`.
  void load(int dest, int address, Type type);
  /// Keeps `reg` a valid value of `type` (sign- or zero-extended).
  void normalize(int reg, Type type);
  /// reg = the bits of func(reg, other) (other < 0: func(reg)) computed on
  /// the vector unit from splats of f32 bits, stored as `type`.
  int vectorOp(VectorFunc func, int reg, int other,
               ElementType type = ElementType::F32);
  /// reg (an integer) converted to f32 bits as static_cast<float>.
  int intToFloat(int reg);
  /// Stores the low 32 bits of `reg` at VMEM `address`.
  int storeWord(int reg, int64_t address);
  /// Computes every element of `result` into the VMEM buffer at `base`.
  LogicalResult storeResult(Value result, int64_t base);
  /// Applies the updates of a scatter to its data, already at `base`.
  LogicalResult emitScatter(Operation *op, int64_t base);
  /// Combines `update` into the element of `type` at the VMEM address in
  /// `address` by `reduction` and stores it there.
  LogicalResult storeAt(int update, int address, Type type,
                        ScatterReduction reduction);
  void outOfRangeCheck(int position, int64_t size);

  KernelEnv &env;
  ProgramBuilder &b;
  llvm::DenseMap<Value, int64_t> vmemOf;
  Operation *currentOp = nullptr;
  int zero = -1;
  /// 8 bytes of VMEM through which values cross between the scalar core
  /// and the vector unit.
  int64_t scratch = -1;
  Label outOfRange;
  bool gathers = false;
  bool failedRegisters = false;
};

int ScalarKernel::scalar(Operation *op) {
  int reg = env.regs.scalar();
  if (reg < 0 && !failedRegisters) {
    failedRegisters = true;
    (void)env.error(op, "needs more scalar registers than the chip has "
                        "for one element");
  }
  return reg;
}

void ScalarKernel::normalize(int reg, Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  int64_t bits = integer ? integer.getWidth() : type.getIntOrFloatBitWidth();
  if (bits >= 64 || bits == 1)
    return;
  if (integer && !integer.isUnsigned()) {
    b.alui(ScalarFunc::Shl, reg, reg, 64 - bits);
    b.alui(ScalarFunc::Shr, reg, reg, 64 - bits);
  } else {
    b.alui(ScalarFunc::And, reg, reg, (int64_t(1) << bits) - 1);
  }
}

void ScalarKernel::load(int dest, int address, Type type) {
  int64_t bytes = elementBytes(type);
  if (bytes == 8) {
    b.sld(dest, address);
    return;
  }
  b.sld32(dest, address);
  if (type.isInteger(1)) {
    b.alui(ScalarFunc::And, dest, dest, 0xff);
    return;
  }
  if (bytes < 4 || (isa<IntegerType>(type) && type.isUnsignedInteger()))
    normalize(dest, type);
  else if (bytes == 4 && !isa<IntegerType>(type))
    b.alui(ScalarFunc::And, dest, dest, 0xffffffffLL);
}

int ScalarKernel::vectorOp(VectorFunc func, int reg, int other,
                           ElementType type) {
  int va = env.regs.vector(), vb = env.regs.vector();
  int addr = scalar(currentOp);
  if (va < 0 || vb < 0 || addr < 0) {
    (void)env.error(currentOp, "needs more registers than the chip has");
    return -1;
  }
  b.valu(VectorFunc::Splat, va, 0, 0, 0, reg);
  if (other >= 0)
    b.valu(VectorFunc::Splat, vb, 0, 0, 0, other);
  b.valu(func, va, va, other >= 0 ? vb : 0);
  b.li(addr, scratch);
  b.vst(va, addr, 0, 1, 1, type);
  if (type == ElementType::I64) {
    b.sld(reg, addr);
  } else {
    b.sld32(reg, addr);
    if (type == ElementType::I8) {
      b.alui(ScalarFunc::Shl, reg, reg, 56);
      b.alui(ScalarFunc::Shr, reg, reg, 56);
    } else if (type == ElementType::U8) {
      b.alui(ScalarFunc::And, reg, reg, 0xff);
    } else if (type == ElementType::F32) {
      b.alui(ScalarFunc::And, reg, reg, 0xffffffffLL);
    }
  }
  env.regs.releaseVector(va);
  env.regs.releaseVector(vb);
  env.regs.release(addr);
  return reg;
}

int ScalarKernel::widenToF64(int x) {
  // The exact f32 -> f64 conversion on the bits (x: the f32's bits,
  // zero-extended), as the host's cvtss2sd: sign to bit 63; exponent + 896
  // and the mantissa << 29 for normal values; zeros keep their sign;
  // infinities and NaNs get exponent 0x7ff, a NaN its payload << 29 made
  // quiet (bit 51); a subnormal is normalized first (shifted left until
  // its leading one is the implicit bit, its exponent one less a shift).
  int e = scalar(currentOp), m = e < 0 ? -1 : scalar(currentOp);
  int t = m < 0 ? -1 : scalar(currentOp);
  if (t < 0)
    return -1;
  Label special = b.newLabel(), zeroOrSubnormal = b.newLabel(),
        normalize = b.newLabel(), normal = b.newLabel(), done = b.newLabel();
  b.comment("f32 to f64");
  b.alui(ScalarFunc::Shr, e, x, 23);
  b.alui(ScalarFunc::And, e, e, 0xff);
  b.alui(ScalarFunc::And, m, x, 0x7fffff);
  b.alui(ScalarFunc::Shr, x, x, 31);
  b.alui(ScalarFunc::Shl, x, x, 63);
  b.li(t, 0xff);
  b.branch(BranchFunc::Eq, e, t, special);
  b.branch(BranchFunc::Eq, e, zero, zeroOrSubnormal);
  b.jump(normal);
  b.bind(special);
  b.li(t, 0x7ff0000000000000);
  b.alu(ScalarFunc::Or, x, x, t);
  b.branch(BranchFunc::Eq, m, zero, done);
  b.alui(ScalarFunc::Or, m, m, 0x400000); // a NaN is quiet
  b.alui(ScalarFunc::Shl, m, m, 29);
  b.alu(ScalarFunc::Or, x, x, m);
  b.jump(done);
  b.bind(zeroOrSubnormal);
  b.branch(BranchFunc::Eq, m, zero, done);
  b.li(e, 1);
  b.bind(normalize);
  b.alui(ScalarFunc::Shl, m, m, 1);
  b.alui(ScalarFunc::Sub, e, e, 1);
  b.alui(ScalarFunc::And, t, m, 0x800000);
  b.branch(BranchFunc::Eq, t, zero, normalize);
  b.alui(ScalarFunc::And, m, m, 0x7fffff);
  b.bind(normal);
  b.addi(e, e, 896);
  b.alui(ScalarFunc::Shl, e, e, 52);
  b.alu(ScalarFunc::Or, x, x, e);
  b.alui(ScalarFunc::Shl, m, m, 29);
  b.alu(ScalarFunc::Or, x, x, m);
  b.bind(done);
  for (int reg : {e, m, t})
    env.regs.release(reg);
  return x;
}

int ScalarKernel::narrowToF32(int x) {
  // The f64 -> f32 conversion on the bits (round to nearest even, as the
  // host's cvtsd2ss). Infinities and NaNs keep exponent 0xff, a NaN the top
  // 23 bits of its payload, made quiet. Otherwise the significand M (53
  // bits with the implicit one) is shifted right by 29 for a normal f32
  // (exponent E = e - 896 >= 1), or by 30 - E (at most 63) where the f32
  // is subnormal or zero, rounded half to even on the bits shifted out,
  // and added to (E - 1) << 23 (0 when subnormal): a carry out of the
  // mantissa raises the exponent, and a magnitude of 0x7f800000 or more
  // is infinity. f64 zeros and subnormals shift out entirely: +-0.
  int e = scalar(currentOp), m = e < 0 ? -1 : scalar(currentOp);
  int t = m < 0 ? -1 : scalar(currentOp), u = t < 0 ? -1 : scalar(currentOp);
  int sign = u < 0 ? -1 : scalar(currentOp);
  if (sign < 0)
    return -1;
  Label finite = b.newLabel(), done = b.newLabel();
  b.comment("f64 to f32");
  b.alui(ScalarFunc::Shr, sign, x, 63);
  b.alui(ScalarFunc::And, sign, sign, 1);
  b.alui(ScalarFunc::Shl, sign, sign, 31);
  b.alui(ScalarFunc::Shr, e, x, 52);
  b.alui(ScalarFunc::And, e, e, 0x7ff);
  b.li(t, (int64_t(1) << 52) - 1);
  b.alu(ScalarFunc::And, m, x, t);
  b.li(t, 0x7ff);
  b.branch(BranchFunc::Ne, e, t, finite);
  b.li(x, 0x7f800000);
  b.branch(BranchFunc::Eq, m, zero, done); // an infinity
  b.alui(ScalarFunc::Shr, m, m, 29);
  b.alui(ScalarFunc::Or, x, x, 0x400000); // a NaN, quiet
  b.alu(ScalarFunc::Or, x, x, m);
  b.jump(done);
  b.bind(finite);
  b.li(t, int64_t(1) << 52);
  b.alu(ScalarFunc::Or, m, m, t); // M
  b.addi(e, e, -896);             // E
  // shift = min(29 + max(1 - E, 0), 63); base = max(E - 1, 0) << 23.
  b.li(t, 1);
  b.alu(ScalarFunc::Sub, t, t, e);
  b.alu(ScalarFunc::Max, t, t, zero);
  b.addi(t, t, 29);
  b.li(u, 63);
  b.alu(ScalarFunc::Min, t, t, u);
  b.addi(e, e, -1);
  b.alu(ScalarFunc::Max, e, e, zero);
  b.alui(ScalarFunc::Shl, e, e, 23);
  // x = M >> shift; u = the bits shifted out; round half to even.
  b.alu(ScalarFunc::Shr, x, m, t);
  b.li(u, 1);
  b.alu(ScalarFunc::Shl, u, u, t);
  b.addi(u, u, -1);
  b.alu(ScalarFunc::And, u, m, u); // remainder
  b.addi(t, t, -1);
  b.li(m, 1);
  b.alu(ScalarFunc::Shl, m, m, t); // half
  b.alu(ScalarFunc::Lt, t, m, u);  // remainder > half
  b.alu(ScalarFunc::Eq, u, u, m);  // remainder == half
  b.alui(ScalarFunc::And, m, x, 1);
  b.alu(ScalarFunc::And, u, u, m); // ... and odd
  b.alu(ScalarFunc::Or, t, t, u);
  b.alu(ScalarFunc::Add, x, x, t);
  b.alu(ScalarFunc::Add, x, x, e);
  b.li(t, 0x7f800000);
  b.alu(ScalarFunc::Min, x, x, t);
  b.bind(done);
  b.alu(ScalarFunc::Or, x, x, sign);
  for (int reg : {e, m, t, u, sign})
    env.regs.release(reg);
  return x;
}

int ScalarKernel::intToFloat(int reg) {
  int high = scalar(currentOp);
  int va = env.regs.vector();
  if (high < 0 || va < 0) {
    (void)env.error(currentOp, "needs more registers than the chip has");
    return -1;
  }
  if (storeWord(reg, scratch) < 0)
    return -1;
  b.alui(ScalarFunc::Shr, high, reg, 32);
  if (storeWord(high, scratch + 4) < 0)
    return -1;
  b.li(high, scratch);
  b.vld(va, high, 0, 1, 1, ElementType::I64);
  b.vst(va, high, 0, 1, 1);
  b.sld32(reg, high);
  b.alui(ScalarFunc::And, reg, reg, 0xffffffffLL);
  env.regs.releaseVector(va);
  env.regs.release(high);
  return reg;
}

int ScalarKernel::storeWord(int reg, int64_t address) {
  int vreg = env.regs.vector();
  int addr = scalar(currentOp);
  if (vreg < 0 || addr < 0)
    return -1;
  b.valu(VectorFunc::Splat, vreg, 0, 0, 0, reg);
  b.li(addr, address);
  b.vst(vreg, addr, 0, 1, 1);
  env.regs.releaseVector(vreg);
  env.regs.release(addr);
  return 0;
}

void ScalarKernel::outOfRangeCheck(int position, int64_t size) {
  gathers = true;
  Label positive = b.newLabel();
  b.branch(BranchFunc::Ge, position, zero, positive);
  b.addi(position, position, size);
  b.bind(positive);
  int limit = scalar(currentOp);
  if (limit < 0)
    return;
  b.li(limit, size);
  b.branch(BranchFunc::Lt, position, zero, outOfRange);
  b.branch(BranchFunc::Ge, position, limit, outOfRange);
  env.regs.release(limit);
}

int ScalarKernel::compute(Value value, ArrayRef<int64_t> index) {
  if (isa_and_nonnull<TopKOp>(value.getDefiningOp()))
    return computeTopK(cast<OpResult>(value), index);
  if (Operation *op = value.getDefiningOp())
    return computeOp(op, index);
  // A kernel argument, whole in VMEM.
  int reg = scalar(currentOp);
  if (reg < 0)
    return -1;
  Type type = elementType(value);
  b.li(reg, vmemOf.lookup(value) +
                linearize(index, shapeOf(value)) * elementBytes(type));
  load(reg, reg, type);
  return reg;
}

int ScalarKernel::computeOp(Operation *op, ArrayRef<int64_t> index) {
  Type type = elementType(op->getResult(0));
  auto operand = [&](unsigned i) {
    Value value = op->getOperand(i);
    return compute(value, broadcastIndex(index, shapeOf(value)));
  };

  if (auto constant = dyn_cast<ConstantOp>(op)) {
    auto dense = cast<DenseElementsAttr>(constant.getValue());
    int64_t linear = linearize(index, shapeOf(op->getResult(0)));
    int64_t bits;
    if (auto integer = dyn_cast<IntegerType>(type)) {
      APInt value = dense.getValues<APInt>()[linear];
      bits = integer.isUnsigned() || integer.getWidth() == 1
                 ? static_cast<int64_t>(value.getZExtValue())
                 : value.getSExtValue();
    } else {
      bits = static_cast<int64_t>(
          dense.getValues<APFloat>()[linear].bitcastToAPInt().getZExtValue());
    }
    int reg = scalar(op);
    if (reg >= 0)
      b.li(reg, bits);
    return reg;
  }
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    Value input = reshape->getOperand(0);
    return compute(input,
                   delinearize(linearize(index, shapeOf(op->getResult(0))),
                               shapeOf(input)));
  }
  if (auto trilu = dyn_cast<TriluOp>(op)) {
    int64_t row = index[index.size() - 2], col = index.back();
    int64_t diagonal = trilu.getDiagonal();
    bool keep =
        trilu.getUpper() ? col - row >= diagonal : col - row <= diagonal;
    if (keep)
      return operand(0);
    int reg = scalar(op);
    if (reg >= 0)
      b.li(reg, 0);
    return reg;
  }
  if (auto gather = dyn_cast<GatherElementsOp>(op)) {
    Value data = gather.getData();
    if (!vmemOf.count(data)) {
      (void)env.error(op, "gathers from a value computed in the kernel; the "
                          "scalar core gathers from kernel arguments");
      return -1;
    }
    int64_t axis = gather.getAxis();
    ArrayRef<int64_t> dataShape = shapeOf(data);
    int position = compute(gather.getIndices(), index);
    if (position < 0)
      return -1;
    currentOp = op;
    outOfRangeCheck(position, dataShape[axis]);
    SmallVector<int64_t> base(index);
    base[axis] = 0;
    int64_t bytes = elementBytes(type);
    int64_t axisStride = bytes;
    for (size_t dim = axis + 1; dim < dataShape.size(); ++dim)
      axisStride *= dataShape[dim];
    b.alui(ScalarFunc::Mul, position, position, axisStride);
    b.addi(position, position,
           vmemOf.lookup(data) + linearize(base, dataShape) * bytes);
    load(position, position, type);
    return position;
  }
  if (auto gather = dyn_cast<GatherNdOp>(op)) {
    // Result index = [batch..., tuple..., slice...]; the tuple's k indices
    // pick data dimensions batchDims .. batchDims + k - 1.
    Value data = gather.getData(), indices = gather.getIndices();
    if (!vmemOf.count(data)) {
      (void)env.error(op, "gathers from a value computed in the kernel; the "
                          "scalar core gathers from kernel arguments");
      return -1;
    }
    ArrayRef<int64_t> dataShape = shapeOf(data), indexShape = shapeOf(indices);
    int64_t batchDims = gather.getBatchDims();
    int64_t k = indexShape.back();
    size_t lead = indexShape.size() - 1;
    int64_t bytes = elementBytes(type);
    SmallVector<int64_t> strides(dataShape.size(), bytes);
    for (int dim = static_cast<int>(dataShape.size()) - 2; dim >= 0; --dim)
      strides[dim] = strides[dim + 1] * dataShape[dim + 1];
    int64_t offset = vmemOf.lookup(data);
    for (int64_t dim = 0; dim < batchDims; ++dim)
      offset += index[dim] * strides[dim];
    for (size_t dim = batchDims + k; dim < dataShape.size(); ++dim)
      offset += index[lead + dim - batchDims - k] * strides[dim];
    int address = scalar(op);
    if (address < 0)
      return -1;
    b.li(address, offset);
    SmallVector<int64_t> tuple(index.begin(), index.begin() + lead);
    tuple.push_back(0);
    for (int64_t j = 0; j < k; ++j) {
      tuple.back() = j;
      int position = compute(indices, tuple);
      if (position < 0)
        return -1;
      currentOp = op;
      outOfRangeCheck(position, dataShape[batchDims + j]);
      b.alui(ScalarFunc::Mul, position, position, strides[batchDims + j]);
      b.alu(ScalarFunc::Add, address, address, position);
      env.regs.release(position);
    }
    load(address, address, type);
    return address;
  }
  if (isa<ArgMaxOp, ArgMinOp>(op))
    return computeArgReduce(op, index);
  if (auto cumsum = dyn_cast<CumSumOp>(op)) {
    // The evaluator's running sum: from the line's first element (its last
    // with reverse), then acc + x step by step; exclusive stops a step
    // earlier and gives 0 at the first.
    Value input = cumsum.getInput();
    int64_t axis = cumsum.getAxis();
    int64_t size = shapeOf(input)[axis];
    bool reverse = cumsum.getReverse();
    int64_t steps = (reverse ? size - 1 - index[axis] : index[axis]) +
                    (cumsum.getExclusive() ? 0 : 1);
    SmallVector<int64_t> line(index);
    int acc = -1;
    for (int64_t step = 0; step < steps; ++step) {
      line[axis] = reverse ? size - 1 - step : step;
      int x = compute(input, line);
      if (x < 0)
        return -1;
      currentOp = op;
      if (acc < 0) {
        acc = x;
        continue;
      }
      if (type.isF32()) {
        if (vectorOp(VectorFunc::Add, acc, x) < 0)
          return -1;
      } else if (type.isF64()) {
        b.alu(ScalarFunc::AddF64, acc, acc, x);
      } else {
        b.alu(ScalarFunc::Add, acc, acc, x);
        normalize(acc, type);
      }
      env.regs.release(x);
    }
    if (acc < 0) {
      acc = scalar(op);
      if (acc >= 0)
        b.li(acc, 0);
    }
    return acc;
  }
  if (isa<ScatterOp, ScatterNdOp>(op)) {
    (void)env.error(op, "is used inside the kernel; the scalar core "
                        "scatters into a result of the kernel");
    return -1;
  }
  if (isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(op)) {
    // The evaluator's fold of an f32 reduction: the reduced elements in
    // row-major order from -0.0 (sum, mean: then / their count), -inf
    // (max) or +inf (min), on the vector unit one element at a time.
    Value input = op->getOperand(0);
    ArrayRef<int64_t> shape = shapeOf(input);
    ArrayRef<int64_t> axes =
        op->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
    bool keepdims = op->hasAttr("keepdims");
    SmallVector<int64_t> at(shape.size()), reducedShape;
    SmallVector<size_t> reducedDims;
    size_t next = 0;
    for (size_t dim = 0; dim < shape.size(); ++dim) {
      if (llvm::is_contained(axes, static_cast<int64_t>(dim))) {
        reducedDims.push_back(dim);
        reducedShape.push_back(shape[dim]);
        next += keepdims;
      } else {
        at[dim] = index[next++];
      }
    }
    int64_t count = 1;
    for (int64_t size : reducedShape)
      count *= size;
    float init = isa<ReduceMaxOp>(op)   ? -std::numeric_limits<float>::infinity()
                 : isa<ReduceMinOp>(op) ? std::numeric_limits<float>::infinity()
                                        : -0.0f;
    VectorFunc func = isa<ReduceMaxOp>(op)   ? VectorFunc::Max
                      : isa<ReduceMinOp>(op) ? VectorFunc::Min
                                             : VectorFunc::Add;
    auto bitsOf = [](float value) {
      uint32_t bits;
      std::memcpy(&bits, &value, 4);
      return static_cast<int64_t>(bits);
    };
    int acc = scalar(op);
    if (acc < 0)
      return -1;
    b.li(acc, bitsOf(init));
    for (int64_t flat = 0; flat < count; ++flat) {
      SmallVector<int64_t> position = delinearize(flat, reducedShape);
      for (auto [dim, value] : llvm::zip(reducedDims, position))
        at[dim] = value;
      int x = compute(input, at);
      if (x < 0)
        return -1;
      currentOp = op;
      if (vectorOp(func, acc, x) < 0)
        return -1;
      env.regs.release(x);
    }
    if (isa<ReduceMeanOp>(op)) {
      int n = scalar(op);
      if (n < 0)
        return -1;
      b.li(n, bitsOf(static_cast<float>(count)));
      if (vectorOp(VectorFunc::Div, acc, n) < 0)
        return -1;
      env.regs.release(n);
    }
    return acc;
  }

  if (type.isF32() && !isa<SelectOp, CastOp>(op)) {
    // f32 arithmetic on the vector unit, one element at a time.
    std::optional<VectorFunc> unary =
        llvm::TypeSwitch<Operation *, std::optional<VectorFunc>>(op)
            .Case([](NegOp) { return VectorFunc::Neg; })
            .Case([](AbsOp) { return VectorFunc::Abs; })
            .Case([](SqrtOp) { return VectorFunc::Sqrt; })
            .Case([](ExpOp) { return VectorFunc::Exp; })
            .Case([](LogOp) { return VectorFunc::Log; })
            .Case([](TanhOp) { return VectorFunc::Tanh; })
            .Case([](ErfOp) { return VectorFunc::Erf; })
            .Case([](FloorOp) { return VectorFunc::Floor; })
            .Case([](CeilOp) { return VectorFunc::Ceil; })
            .Case([](RoundOp) { return VectorFunc::Round; })
            .Case([](SinOp) { return VectorFunc::Sin; })
            .Case([](CosOp) { return VectorFunc::Cos; })
            .Case([](TanOp) { return VectorFunc::Tan; })
            .Case([](AsinOp) { return VectorFunc::Asin; })
            .Case([](AcosOp) { return VectorFunc::Acos; })
            .Case([](AtanOp) { return VectorFunc::Atan; })
            .Case([](SinhOp) { return VectorFunc::Sinh; })
            .Case([](CoshOp) { return VectorFunc::Cosh; })
            .Case([](AsinhOp) { return VectorFunc::Asinh; })
            .Case([](AcoshOp) { return VectorFunc::Acosh; })
            .Case([](AtanhOp) { return VectorFunc::Atanh; })
            .Default([](Operation *) { return std::nullopt; });
    if (unary) {
      int x = operand(0);
      currentOp = op;
      return x < 0 ? -1 : vectorOp(*unary, x, -1);
    }
    VectorFunc func = isa<AddOp>(op)   ? VectorFunc::Add
                      : isa<SubOp>(op) ? VectorFunc::Sub
                      : isa<MulOp>(op) ? VectorFunc::Mul
                      : isa<DivOp>(op) ? VectorFunc::Div
                      : isa<MaxOp>(op) ? VectorFunc::Max
                      : isa<MinOp>(op) ? VectorFunc::Min
                                       : VectorFunc::Pow;
    int lhs = operand(0);
    int rhs = lhs < 0 ? -1 : operand(1);
    if (rhs < 0)
      return -1;
    currentOp = op;
    int result = vectorOp(func, lhs, rhs);
    env.regs.release(rhs);
    return result;
  }

  currentOp = op;
  if (auto cast = dyn_cast<CastOp>(op)) {
    Type from = elementType(op->getOperand(0));
    if (from.isF32() || type.isF32()) {
      int x = operand(0);
      if (x < 0)
        return -1;
      currentOp = op;
      if (from.isF32() && type.isF32())
        return x;
      if (type.isF64())
        return widenToF64(x);
      if (from.isF64())
        return narrowToF32(x);
      if (type.isF32())
        return intToFloat(x);
      if (type.isInteger(1)) { // x != 0, NaN included
        if (vectorOp(VectorFunc::CmpEq, x, zero) < 0)
          return -1;
        b.alui(ScalarFunc::Eq, x, x, 0);
        return x;
      }
      ElementType store = type.isUnsignedInteger(8) ? ElementType::U8
                          : type.isInteger(8)           ? ElementType::I8
                          : type.isInteger(32)          ? ElementType::I32
                                                        : ElementType::I64;
      return vectorOp(VectorFunc::Move, x, -1, store);
    }
  }
  if (isa<NegOp, AbsOp, NotOp, CastOp, ClampOp>(op)) {
    int x = operand(0);
    if (x < 0)
      return -1;
    if (isa<NotOp>(op)) {
      b.alui(ScalarFunc::Xor, x, x, 1);
    } else if (isa<NegOp>(op)) {
      b.alu(ScalarFunc::Sub, x, zero, x);
      normalize(x, type);
    } else if (isa<AbsOp>(op)) {
      int sign = scalar(op);
      if (sign < 0)
        return -1;
      b.alui(ScalarFunc::Shr, sign, x, 63);
      b.alu(ScalarFunc::Xor, x, x, sign);
      b.alu(ScalarFunc::Sub, x, x, sign);
      env.regs.release(sign);
      normalize(x, type);
    } else if (auto clamp = dyn_cast<ClampOp>(op)) {
      int bound = scalar(op);
      if (bound < 0)
        return -1;
      if (FloatAttr min = clamp.getMinAttr()) {
        b.li(bound, static_cast<int64_t>(min.getValueAsDouble()));
        b.alu(ScalarFunc::Max, x, x, bound);
      }
      if (FloatAttr max = clamp.getMaxAttr()) {
        b.li(bound, static_cast<int64_t>(max.getValueAsDouble()));
        b.alu(ScalarFunc::Min, x, x, bound);
      }
      env.regs.release(bound);
    } else if (type.isInteger(1)) { // cast to i1
      b.alui(ScalarFunc::Eq, x, x, 0);
      b.alui(ScalarFunc::Xor, x, x, 1);
    } else {
      normalize(x, type);
    }
    return x;
  }

  if (auto select = dyn_cast<SelectOp>(op)) {
    // on_false + condition * (on_true - on_false): exact on the bits.
    int condition = operand(0);
    int onTrue = condition < 0 ? -1 : operand(1);
    int onFalse = onTrue < 0 ? -1 : operand(2);
    if (onFalse < 0)
      return -1;
    currentOp = op;
    b.alu(ScalarFunc::Sub, onTrue, onTrue, onFalse);
    b.alu(ScalarFunc::Mul, onTrue, onTrue, condition);
    b.alu(ScalarFunc::Add, onFalse, onFalse, onTrue);
    env.regs.release(condition);
    env.regs.release(onTrue);
    return onFalse;
  }

  int lhs = operand(0);
  int rhs = lhs < 0 ? -1 : operand(1);
  if (rhs < 0)
    return -1;
  currentOp = op;
  if (isa<PowOp>(op)) {
    // The evaluator's integer power: square and multiply, wrapping; a
    // negative exponent gives 0 except for bases 1 and -1, and fails for 0.
    int result = scalar(op), t = scalar(op);
    if (result < 0 || t < 0)
      return -1;
    Label loop = b.newLabel(), skip = b.newLabel(), negative = b.newLabel(),
          done = b.newLabel(), nonZero = b.newLabel();
    b.li(result, 1);
    b.branch(BranchFunc::Lt, rhs, zero, negative);
    b.bind(loop);
    b.branch(BranchFunc::Eq, rhs, zero, done);
    b.alui(ScalarFunc::And, t, rhs, 1);
    b.branch(BranchFunc::Eq, t, zero, skip);
    b.alu(ScalarFunc::Mul, result, result, lhs);
    normalize(result, type);
    b.bind(skip);
    b.alu(ScalarFunc::Mul, lhs, lhs, lhs);
    normalize(lhs, type);
    b.alui(ScalarFunc::Shr, rhs, rhs, 1);
    b.jump(loop);
    b.bind(negative);
    b.comment("zero raised to a negative integer power: stop the run");
    b.branch(BranchFunc::Ne, lhs, zero, nonZero);
    b.alu(ScalarFunc::Div, t, t, zero);
    b.bind(nonZero);
    b.li(t, 1);
    b.branch(BranchFunc::Eq, lhs, t, done);
    b.li(t, -1);
    b.li(result, 0);
    b.branch(BranchFunc::Ne, lhs, t, done);
    b.alui(ScalarFunc::And, t, rhs, 1);
    b.li(result, 1);
    b.branch(BranchFunc::Eq, t, zero, done);
    b.li(result, -1);
    b.bind(done);
    env.regs.release(t);
    env.regs.release(lhs);
    env.regs.release(rhs);
    return result;
  }
  if (isa<AddOp>(op) && type.isF64()) {
    b.alu(ScalarFunc::AddF64, lhs, lhs, rhs);
  } else if (isa<MinOp, MaxOp>(op) &&
             (type.isF64() || type.isUnsignedInteger(64))) {
    // On the bits, with the signed 64-bit s.min / s.max. A ui64 flips its
    // top bit, which orders it as a signed integer. An f64 (the
    // evaluator's nanMaximum / nanMinimum) flips the magnitude bits of a
    // negative value, which orders every non-NaN value as a signed
    // integer, -0 below +0; a NaN operand gives the canonical quiet NaN.
    ScalarFunc func = isa<MaxOp>(op) ? ScalarFunc::Max : ScalarFunc::Min;
    constexpr int64_t kMagnitude = std::numeric_limits<int64_t>::max();
    constexpr int64_t kInfinity = 0x7ff0000000000000;
    constexpr int64_t kQuietNaN = 0x7ff8000000000000;
    int t = scalar(op), nan = t < 0 ? -1 : scalar(op);
    if (nan < 0)
      return -1;
    if (type.isUnsignedInteger(64)) {
      b.li(t, std::numeric_limits<int64_t>::min());
      b.alu(ScalarFunc::Xor, lhs, lhs, t);
      b.alu(ScalarFunc::Xor, rhs, rhs, t);
      b.alu(func, lhs, lhs, rhs);
      b.alu(ScalarFunc::Xor, lhs, lhs, t);
    } else {
      // nan = 1 when either is NaN: max(|a|, |b|) above inf's bits.
      b.alui(ScalarFunc::And, t, lhs, kMagnitude);
      b.alui(ScalarFunc::And, nan, rhs, kMagnitude);
      b.alu(ScalarFunc::Max, nan, nan, t);
      b.li(t, kInfinity);
      b.alu(ScalarFunc::Lt, nan, t, nan);
      for (int reg : {lhs, rhs}) {
        b.alui(ScalarFunc::Shr, t, reg, 63);
        b.alui(ScalarFunc::And, t, t, kMagnitude);
        b.alu(ScalarFunc::Xor, reg, reg, t);
      }
      b.alu(func, lhs, lhs, rhs);
      b.alui(ScalarFunc::Shr, t, lhs, 63);
      b.alui(ScalarFunc::And, t, t, kMagnitude);
      b.alu(ScalarFunc::Xor, lhs, lhs, t);
      // lhs + nan * (NaN - lhs): exact on the bits.
      b.li(t, kQuietNaN);
      b.alu(ScalarFunc::Sub, t, t, lhs);
      b.alu(ScalarFunc::Mul, t, t, nan);
      b.alu(ScalarFunc::Add, lhs, lhs, t);
    }
    env.regs.release(t);
    env.regs.release(nan);
  } else if (isa<ShiftOp>(op)) {
    // The evaluator's shift of unsigned w-bit values (kept zero-extended;
    // a ui64 as its bits): by w or more it gives 0, so the result is
    // multiplied by n < w, i.e. n >> log2(w) == 0 (an arithmetic shift,
    // so a ui64 amount of 2^63 or more is out of range too). A right shift
    // of a ui64 clears the bits the arithmetic shift copied from its sign:
    // and with ((1 << (63 - n)) << 1) - 1, the low 64 - n bits.
    int64_t width = type.getIntOrFloatBitWidth();
    int inRange = scalar(op), t = inRange < 0 ? -1 : scalar(op);
    if (t < 0)
      return -1;
    b.alui(ScalarFunc::Shr, inRange, rhs, llvm::Log2_64(width));
    b.alui(ScalarFunc::Eq, inRange, inRange, 0);
    bool right = cast<ShiftOp>(op).getRight();
    b.alu(right ? ScalarFunc::Shr : ScalarFunc::Shl, lhs, lhs, rhs);
    if (right && width == 64) {
      b.li(t, 63);
      b.alu(ScalarFunc::Sub, t, t, rhs);
      b.li(rhs, 1);
      b.alu(ScalarFunc::Shl, t, rhs, t);
      b.alui(ScalarFunc::Shl, t, t, 1);
      b.addi(t, t, -1);
      b.alu(ScalarFunc::And, lhs, lhs, t);
    }
    normalize(lhs, type);
    b.alu(ScalarFunc::Mul, lhs, lhs, inRange);
    env.regs.release(t);
    env.regs.release(inRange);
  } else if (isa<AddOp, SubOp, MulOp, MinOp, MaxOp, AndOp, OrOp, XorOp>(op)) {
    ScalarFunc func = isa<AddOp>(op)   ? ScalarFunc::Add
                      : isa<SubOp>(op) ? ScalarFunc::Sub
                      : isa<MulOp>(op) ? ScalarFunc::Mul
                      : isa<MinOp>(op) ? ScalarFunc::Min
                      : isa<MaxOp>(op) ? ScalarFunc::Max
                      : isa<AndOp>(op) ? ScalarFunc::And
                      : isa<OrOp>(op)  ? ScalarFunc::Or
                                       : ScalarFunc::Xor;
    b.alu(func, lhs, lhs, rhs);
    normalize(lhs, type);
  } else if (auto compare = dyn_cast<CompareOp>(op);
             compare && elementType(op->getOperand(0)).isF32()) {
    // 1.0 or 0.0 from the vector unit, then 1 or 0.
    ComparePredicate predicate = compare.getPredicate();
    bool swap =
        predicate == ComparePredicate::gt || predicate == ComparePredicate::ge;
    VectorFunc func =
        predicate == ComparePredicate::lt || predicate == ComparePredicate::gt
            ? VectorFunc::CmpLt
        : predicate == ComparePredicate::le || predicate == ComparePredicate::ge
            ? VectorFunc::CmpLe
            : VectorFunc::CmpEq;
    if (swap) {
      if (vectorOp(func, rhs, lhs) < 0)
        return -1;
      b.alu(ScalarFunc::Add, lhs, rhs, zero);
    } else if (vectorOp(func, lhs, rhs) < 0) {
      return -1;
    }
    b.alui(ScalarFunc::Eq, lhs, lhs, 0);
    if (predicate != ComparePredicate::ne)
      b.alui(ScalarFunc::Xor, lhs, lhs, 1);
  } else if (auto compare = dyn_cast<CompareOp>(op)) {
    switch (compare.getPredicate()) {
    case ComparePredicate::eq:
      b.alu(ScalarFunc::Eq, lhs, lhs, rhs);
      break;
    case ComparePredicate::ne:
      b.alu(ScalarFunc::Eq, lhs, lhs, rhs);
      b.alui(ScalarFunc::Xor, lhs, lhs, 1);
      break;
    case ComparePredicate::lt:
      b.alu(ScalarFunc::Lt, lhs, lhs, rhs);
      break;
    case ComparePredicate::gt:
      b.alu(ScalarFunc::Lt, lhs, rhs, lhs);
      break;
    case ComparePredicate::le:
      b.alu(ScalarFunc::Lt, lhs, rhs, lhs);
      b.alui(ScalarFunc::Xor, lhs, lhs, 1);
      break;
    case ComparePredicate::ge:
      b.alu(ScalarFunc::Lt, lhs, lhs, rhs);
      b.alui(ScalarFunc::Xor, lhs, lhs, 1);
      break;
    }
  } else {
    // div / rem: a divisor of -1 is handled without the instruction.
    bool isRem = isa<RemOp>(op);
    Label general = b.newLabel(), done = b.newLabel();
    int minusOne = scalar(op);
    if (minusOne < 0)
      return -1;
    b.li(minusOne, -1);
    b.branch(BranchFunc::Ne, rhs, minusOne, general);
    if (isRem)
      b.li(lhs, 0);
    else
      b.alu(ScalarFunc::Sub, lhs, zero, lhs);
    b.jump(done);
    b.bind(general);
    b.comment(isRem ? "integer remainder (fails on a zero divisor)"
                    : "integer division (fails on a zero divisor)");
    b.alu(isRem ? ScalarFunc::Rem : ScalarFunc::Div, lhs, lhs, rhs);
    if (isRem && !cast<RemOp>(op).getFmod()) {
      // The divisor's sign: r += b where r != 0 and sign(r) != sign(b).
      int t = minusOne, u = scalar(op);
      if (u < 0)
        return -1;
      b.alu(ScalarFunc::Lt, t, lhs, zero);
      b.alu(ScalarFunc::Lt, u, rhs, zero);
      b.alu(ScalarFunc::Xor, t, t, u);
      b.alui(ScalarFunc::Eq, u, lhs, 0);
      b.alui(ScalarFunc::Xor, u, u, 1);
      b.alu(ScalarFunc::And, t, t, u);
      b.alu(ScalarFunc::Mul, t, t, rhs);
      b.alu(ScalarFunc::Add, lhs, lhs, t);
      env.regs.release(u);
    }
    b.bind(done);
    env.regs.release(minusOne);
    normalize(lhs, type);
  }
  env.regs.release(rhs);
  return lhs;
}

LogicalResult ScalarKernel::storeResult(Value result, int64_t base) {
  Type type = elementType(result);
  int64_t size = elementBytes(type);
  ArrayRef<int64_t> shape = shapeOf(result);
  int64_t n = cast<RankedTensorType>(result.getType()).getNumElements();
  int word = -1; // the word being packed from 1- and 2-byte elements
  for (int64_t i = 0; i < n; ++i) {
    currentOp = result.getDefiningOp();
    int value = compute(result, delinearize(i, shape));
    if (value < 0)
      return failure();
    int64_t at = base + i * size;
    if (size >= 4) {
      if (storeWord(value, at) < 0)
        return failure();
      if (size == 8) {
        b.alui(ScalarFunc::Shr, value, value, 32);
        if (storeWord(value, at + 4) < 0)
          return failure();
      }
      env.regs.release(value);
      continue;
    }
    int64_t shift = (i * size % 4) * 8;
    b.alui(ScalarFunc::And, value, value, (int64_t(1) << (8 * size)) - 1);
    if (shift == 0) {
      word = value;
    } else {
      b.alui(ScalarFunc::Shl, value, value, shift);
      b.alu(ScalarFunc::Or, word, word, value);
      env.regs.release(value);
    }
    bool last = i + 1 == n;
    if (!last && (i + 1) * size % 4 != 0)
      continue;
    int64_t wordAt = base + i * size / 4 * 4;
    int64_t filled = ((i * size) % 4 + size) * 8;
    if (filled < 32) {
      // Keep the loaded bytes after the result.
      int kept = scalar(currentOp);
      if (kept < 0)
        return failure();
      b.li(kept, wordAt);
      b.sld32(kept, kept);
      b.alui(ScalarFunc::And, kept, kept, ~((int64_t(1) << filled) - 1));
      b.alu(ScalarFunc::Or, word, word, kept);
      env.regs.release(kept);
    }
    if (storeWord(word, wordAt) < 0)
      return failure();
    env.regs.release(word);
    word = -1;
  }
  return success();
}

int ScalarKernel::computeArgReduce(Operation *op, ArrayRef<int64_t> index) {
  bool greater = isa<ArgMaxOp>(op);
  int64_t axis =
      greater ? cast<ArgMaxOp>(op).getAxis() : cast<ArgMinOp>(op).getAxis();
  bool keepdims = greater ? cast<ArgMaxOp>(op).getKeepdims()
                          : cast<ArgMinOp>(op).getKeepdims();
  bool last = greater ? cast<ArgMaxOp>(op).getSelectLastIndex()
                      : cast<ArgMinOp>(op).getSelectLastIndex();
  Value input = op->getOperand(0);
  bool isFloat = elementType(input).isF32();
  int64_t size = shapeOf(input)[axis];
  SmallVector<int64_t> line(index);
  if (!keepdims)
    line.insert(line.begin() + axis, 0);

  int best = scalar(op), bestKey = scalar(op), bestNaN = scalar(op),
      nan = scalar(op);
  if (best < 0 || bestKey < 0 || bestNaN < 0 || nan < 0)
    return -1;
  b.li(best, 0);
  b.li(bestNaN, 0);
  for (int64_t i = 0; i < size; ++i) {
    line[axis] = i;
    int key = compute(input, line);
    if (key < 0)
      return -1;
    currentOp = op;
    b.li(nan, 0);
    if (isFloat) {
      // NaN: the magnitude's bits above infinity's. Otherwise an integer
      // key ordered as the floats: negative ones with their magnitude
      // bits flipped, -0.0 moved onto +0.0.
      floatKey(key, nan);
    }
    Label nanBest = b.newLabel(), take = b.newLabel(), next = b.newLabel();
    b.branch(BranchFunc::Ne, bestNaN, zero, nanBest);
    if (i == 0) {
      b.jump(take);
    } else {
      b.branch(BranchFunc::Ne, nan, zero, take);
      if (greater && !last)
        b.branch(BranchFunc::Lt, bestKey, key, take);
      else if (greater)
        b.branch(BranchFunc::Ge, key, bestKey, take);
      else if (!last)
        b.branch(BranchFunc::Lt, key, bestKey, take);
      else
        b.branch(BranchFunc::Ge, bestKey, key, take);
      b.jump(next);
    }
    b.bind(take);
    b.li(best, i);
    b.alu(ScalarFunc::Add, bestKey, key, zero);
    b.alu(ScalarFunc::Add, bestNaN, nan, zero);
    b.jump(next);
    b.bind(nanBest);
    if (last) {
      b.branch(BranchFunc::Eq, nan, zero, next);
      b.li(best, i);
    }
    b.bind(next);
    env.regs.release(key);
  }
  env.regs.release(bestKey);
  env.regs.release(bestNaN);
  env.regs.release(nan);
  return best;
}

void ScalarKernel::floatKey(int key, int nan) {
  int t = scalar(currentOp);
  if (t < 0)
    return;
  b.alui(ScalarFunc::Shl, key, key, 32);
  b.alui(ScalarFunc::Shr, key, key, 32);
  b.alui(ScalarFunc::And, t, key, 0x7fffffff);
  b.li(nan, 0x7f800000);
  b.alu(ScalarFunc::Lt, nan, nan, t);
  b.alui(ScalarFunc::Shr, t, key, 63);
  b.alui(ScalarFunc::And, t, t, 0x7fffffff);
  b.alu(ScalarFunc::Xor, key, key, t);
  b.alu(ScalarFunc::Lt, t, key, zero);
  b.alu(ScalarFunc::Add, key, key, t);
  env.regs.release(t);
}

int ScalarKernel::computeTopK(OpResult result, ArrayRef<int64_t> index) {
  auto topk = cast<TopKOp>(result.getOwner());
  Operation *op = topk.getOperation();
  Value input = topk.getInput();
  int64_t axis = topk.getAxis();
  bool largest = topk.getLargest();
  bool isFloat = elementType(input).isF32();
  int64_t size = shapeOf(input)[axis];
  int64_t rank = index[axis];
  SmallVector<int64_t> line(index);
  // The key of line element i: NaN above every number, as the evaluator
  // ranks it.
  auto key = [&](int64_t i) {
    line[axis] = i;
    int reg = compute(input, line);
    if (reg < 0 || !isFloat)
      return reg;
    currentOp = op;
    int nan = scalar(op);
    if (nan < 0)
      return -1;
    floatKey(reg, nan);
    // reg = nan ? 0x7fc00000 : reg
    int t = scalar(op);
    if (t < 0)
      return -1;
    b.alui(ScalarFunc::Mul, nan, nan, -1);
    b.alui(ScalarFunc::Xor, t, reg, 0x7fc00000);
    b.alu(ScalarFunc::And, t, t, nan);
    b.alu(ScalarFunc::Xor, reg, reg, t);
    env.regs.release(t);
    env.regs.release(nan);
    return reg;
  };
  int picked = scalar(op), count = scalar(op);
  if (picked < 0 || count < 0)
    return -1;
  b.li(picked, 0);
  for (int64_t i = 0; i < size; ++i) {
    // count = how many line elements come before element i.
    int ki = key(i);
    if (ki < 0)
      return -1;
    b.li(count, 0);
    for (int64_t m = 0; m < size; ++m) {
      if (m == i)
        continue;
      int km = key(m);
      if (km < 0)
        return -1;
      currentOp = op;
      // Before i: strictly better, or equal with a smaller index.
      if (largest == (m < i))
        b.alu(ScalarFunc::Lt, km, km, ki);
      else
        b.alu(ScalarFunc::Lt, km, ki, km);
      if (m < i)
        b.alui(ScalarFunc::Xor, km, km, 1);
      b.alu(ScalarFunc::Add, count, count, km);
      env.regs.release(km);
    }
    env.regs.release(ki);
    // picked += (count == rank) * (element i or its index)
    b.alui(ScalarFunc::Eq, count, count, rank);
    int chosen;
    if (result.getResultNumber() == 0) {
      line[axis] = i;
      chosen = compute(input, line);
      if (chosen < 0)
        return -1;
    } else {
      chosen = scalar(op);
      if (chosen < 0)
        return -1;
      b.li(chosen, i);
    }
    currentOp = op;
    b.alu(ScalarFunc::Mul, chosen, chosen, count);
    b.alu(ScalarFunc::Add, picked, picked, chosen);
    env.regs.release(chosen);
  }
  env.regs.release(count);
  return picked;
}

LogicalResult ScalarKernel::storeAt(int update, int address, Type type,
                                    ScatterReduction reduction) {
  int64_t bytes = elementBytes(type);
  int vreg = env.regs.vector(), other = env.regs.vector();
  int t = scalar(currentOp), u = scalar(currentOp);
  if (vreg < 0 || other < 0 || t < 0 || u < 0)
    return env.error(currentOp, "needs more registers than the chip has");
  if (reduction != ScatterReduction::none && type.isF32()) {
    // The evaluator's f32 combination, on the vector unit.
    VectorFunc func = reduction == ScatterReduction::add   ? VectorFunc::Add
                      : reduction == ScatterReduction::mul ? VectorFunc::Mul
                      : reduction == ScatterReduction::max ? VectorFunc::Max
                                                           : VectorFunc::Min;
    b.sld32(t, address);
    b.valu(VectorFunc::Splat, vreg, 0, 0, 0, t);
    b.valu(VectorFunc::Splat, other, 0, 0, 0, update);
    b.valu(func, vreg, vreg, other);
    b.vst(vreg, address, 0, 1, 1);
  } else {
    if (reduction != ScatterReduction::none) {
      ScalarFunc func = reduction == ScatterReduction::add   ? ScalarFunc::Add
                        : reduction == ScatterReduction::mul ? ScalarFunc::Mul
                        : reduction == ScatterReduction::max ? ScalarFunc::Max
                                                             : ScalarFunc::Min;
      load(t, address, type);
      b.alu(func, update, t, update);
      normalize(update, type);
    }
    if (bytes >= 4) {
      b.valu(VectorFunc::Splat, vreg, 0, 0, 0, update);
      b.vst(vreg, address, 0, 1, 1);
      if (bytes == 8) {
        b.alui(ScalarFunc::Shr, u, update, 32);
        b.addi(t, address, 4);
        b.valu(VectorFunc::Splat, vreg, 0, 0, 0, u);
        b.vst(vreg, t, 0, 1, 1);
      }
    } else {
      // Read, modify and write the word holding the element.
      int64_t bits = 8 * bytes;
      b.alui(ScalarFunc::And, t, address, 3);
      b.alui(ScalarFunc::Mul, t, t, 8); // the element's shift in its word
      b.alui(ScalarFunc::And, update, update, (int64_t(1) << bits) - 1);
      b.alu(ScalarFunc::Shl, update, update, t);
      b.li(u, (int64_t(1) << bits) - 1);
      b.alu(ScalarFunc::Shl, u, u, t);
      b.alui(ScalarFunc::Xor, u, u, -1); // the other bytes of the word
      b.alui(ScalarFunc::And, t, address, -4);
      b.sld32(address, t);
      b.alu(ScalarFunc::And, address, address, u);
      b.alu(ScalarFunc::Or, update, update, address);
      b.valu(VectorFunc::Splat, vreg, 0, 0, 0, update);
      b.vst(vreg, t, 0, 1, 1);
    }
  }
  env.regs.releaseVector(vreg);
  env.regs.releaseVector(other);
  env.regs.release(t);
  env.regs.release(u);
  return success();
}

LogicalResult ScalarKernel::emitScatter(Operation *op, int64_t base) {
  Value data = op->getOperand(0), indices = op->getOperand(1),
        updates = op->getOperand(2);
  Type type = elementType(data);
  ArrayRef<int64_t> dataShape = shapeOf(data), updateShape = shapeOf(updates),
                    indexShape = shapeOf(indices);
  int64_t bytes = elementBytes(type);
  SmallVector<int64_t> strides(dataShape.size(), bytes);
  for (int dim = static_cast<int>(dataShape.size()) - 2; dim >= 0; --dim)
    strides[dim] = strides[dim + 1] * dataShape[dim + 1];
  int64_t updateCount =
      cast<RankedTensorType>(updates.getType()).getNumElements();

  if (auto scatter = dyn_cast<ScatterOp>(op)) {
    int64_t axis = scatter.getAxis();
    for (int64_t i = 0; i < updateCount; ++i) {
      SmallVector<int64_t> index = delinearize(i, updateShape);
      int position = compute(indices, index);
      if (position < 0)
        return failure();
      currentOp = op;
      outOfRangeCheck(position, dataShape[axis]);
      index[axis] = 0;
      b.alui(ScalarFunc::Mul, position, position, strides[axis]);
      b.addi(position, position, base + linearize(index, dataShape) * bytes);
      int update = compute(updates, delinearize(i, updateShape));
      if (update < 0)
        return failure();
      currentOp = op;
      if (failed(storeAt(update, position, type, scatter.getReduction())))
        return failure();
      env.regs.release(update);
      env.regs.release(position);
    }
    return success();
  }

  auto scatter = cast<ScatterNdOp>(op);
  int64_t k = indexShape.back();
  int64_t slice = 1;
  for (size_t dim = k; dim < dataShape.size(); ++dim)
    slice *= dataShape[dim];
  int64_t tuples = slice ? updateCount / slice : 0;
  for (int64_t tuple = 0; tuple < tuples; ++tuple) {
    currentOp = op;
    int offset = scalar(op);
    if (offset < 0)
      return failure();
    b.li(offset, base);
    SmallVector<int64_t> index = delinearize(tuple * k, indexShape);
    for (int64_t j = 0; j < k; ++j) {
      index.back() = j;
      int position = compute(indices, index);
      if (position < 0)
        return failure();
      currentOp = op;
      outOfRangeCheck(position, dataShape[j]);
      b.alui(ScalarFunc::Mul, position, position, strides[j]);
      b.alu(ScalarFunc::Add, offset, offset, position);
      env.regs.release(position);
    }
    for (int64_t i = 0; i < slice; ++i) {
      int update =
          compute(updates, delinearize(tuple * slice + i, updateShape));
      int address = scalar(op);
      if (update < 0 || address < 0)
        return failure();
      currentOp = op;
      b.addi(address, offset, i * bytes);
      if (failed(storeAt(update, address, type, scatter.getReduction())))
        return failure();
      env.regs.release(update);
      env.regs.release(address);
    }
    env.regs.release(offset);
  }
  return success();
}

LogicalResult ScalarKernel::generate() {
  func::FuncOp kernel = env.kernel;
  const int64_t alignment = env.chip.hbm.dmaAlignment;
  auto padded = [&](int64_t bytes) {
    return (bytes + alignment - 1) / alignment * alignment;
  };
  Operation *terminator = kernel.front().getTerminator();
  int64_t elements = 0;
  for (Value result : terminator->getOperands())
    elements += cast<RankedTensorType>(result.getType()).getNumElements();
  if (elements > kMaxElements)
    return env.error(
        nullptr, "has " + std::to_string(elements) +
                     " result elements; the scalar core computes at most " +
                     std::to_string(kMaxElements) + " (its code is unrolled)");

  // Every argument (operands, then results) gets a VMEM buffer with room
  // for an s.ld past its last element.
  unsigned count = env.argumentCount();
  SmallVector<int64_t> vmem(count), bytes(count);
  for (unsigned i = 0; i < count; ++i) {
    RankedTensorType type = env.argumentType(i);
    bytes[i] = type.getNumElements() * elementBytes(type.getElementType());
    vmem[i] = env.vmem.allocate(padded(bytes[i]) + 8);
    if (vmem[i] < 0)
      return env.error(nullptr,
                       "does not fit VMEM whole (" + std::to_string(bytes[i]) +
                           " bytes for argument " + std::to_string(i) + ")");
    if (i < kernel.getNumArguments())
      vmemOf[kernel.getArgument(i)] = vmem[i];
  }

  scratch = env.vmem.allocate(8);
  if (scratch < 0)
    return env.error(nullptr, "does not fit VMEM whole");
  int flag = env.regs.flag();
  int address = env.regs.scalar();
  zero = env.regs.scalar();
  if (flag < 0 || address < 0 || zero < 0)
    return env.error(nullptr, "needs more registers than the chip has");
  outOfRange = b.newLabel();
  b.li(zero, 0);

  // Load the operands, and results whose last word keeps bytes of HBM.
  int64_t loads = 0;
  for (unsigned i = 0; i < count; ++i) {
    bool operand = i < kernel.getNumArguments();
    if (bytes[i] == 0 || (!operand && bytes[i] % alignment == 0))
      continue;
    b.li(address, vmem[i]);
    b.dma(DmaFunc::Load, address, KernelEnv::argumentRegister(i), flag, 1,
          padded(bytes[i]), padded(bytes[i]), padded(bytes[i]));
    ++loads;
  }
  if (loads)
    b.wait(flag, loads);

  for (unsigned r = 0; r < terminator->getNumOperands(); ++r) {
    Value result = terminator->getOperand(r);
    int64_t base = vmem[kernel.getNumArguments() + r];
    Operation *scatter = result.getDefiningOp();
    if (!isa_and_nonnull<ScatterOp, ScatterNdOp>(scatter)) {
      if (failed(storeResult(result, base)))
        return failure();
      continue;
    }
    // The data, then each update in the evaluator's order.
    if (failed(storeResult(scatter->getOperand(0), base)) ||
        failed(emitScatter(scatter, base)))
      return failure();
  }

  int64_t stores = 0;
  for (unsigned i = kernel.getNumArguments(); i < count; ++i) {
    if (bytes[i] == 0)
      continue;
    b.li(address, vmem[i]);
    b.dma(DmaFunc::Store, address, KernelEnv::argumentRegister(i), flag, 1,
          padded(bytes[i]), padded(bytes[i]), padded(bytes[i]));
    ++stores;
  }
  if (stores)
    b.wait(flag, stores);
  if (gathers) {
    Label done = b.newLabel();
    b.jump(done);
    b.bind(outOfRange);
    b.comment("gather index out of range: stop the run");
    b.alu(ScalarFunc::Div, address, address, zero);
    b.bind(done);
  }
  env.regs.releaseFlag(flag);
  env.regs.release(address);
  env.regs.release(zero);
  return success();
}

LogicalResult generateScalar(KernelEnv &env) {
  ScalarKernel kernel(env);
  return kernel.generate();
}

} // namespace

void addScalarComputePatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back({"scalar compute", matchesScalar, generateScalar});
}

} // namespace loom::systolic::codegen
