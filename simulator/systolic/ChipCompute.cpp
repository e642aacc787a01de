//===- ChipCompute.cpp - MXU and vector-unit instructions ------------------===//
//
// Part of the Loom project.
//
// Semantics and timing of ldw, matmul, pop and the vector instructions.
//
// MXU timing, with R x C the array and M the streamed rows:
//   ws/is  ldw holds the weight path for R cycles (the tile shifts through
//          the whole array height); matmul streams M rows and its last
//          result leaves the array M + R + C - 2 cycles after it started.
//   os     the stationary operands are the outputs: ldw only names the
//          weights (0 cycles); matmul takes ceil(M/R) * K cycles of
//          streaming plus ceil(M/R) * (R + C - 2) to fill and drain when it
//          starts new outputs (overwrite), nothing extra when it accumulates.
// With mxu.overlap_weight_load (Loom's full model) an ldw runs while earlier
// matmuls compute, and a matmul may start streaming as soon as the previous
// one has streamed its rows (fill and drain overlap). Without it (SCALE-Sim's
// model) every MXU operation waits until the previous one has finished.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Chip.h"

#include "simulator/systolic/System.h"
#include "runtime/Float16.h"
#include "runtime/MinMax.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace loom::systolic {

Status Chip::executeLoadWeights(const Instruction &inst) {
  int m = static_cast<int>(inst.field[ldw::Mxu]);
  int64_t address = sregs[inst.field[ldw::VmemAddr]];
  int64_t rows = inst.field[ldw::Rows], cols = inst.field[ldw::Cols];
  int64_t stride = inst.field[ldw::Stride];
  bool f32 = inst.func & modifier::F32Operand;
  int64_t laneStride =
      inst.func & modifier::LaneStrided ? inst.field[ldw::LaneStride] : 1;
  int64_t bytes = f32 ? 4 : 2;
  if (rows < 1 || rows > config.mxu.rows || cols < 1 || cols > config.mxu.cols)
    return fail(fmt::format("weight tile {}x{} does not fit the {}x{} MXU",
                            rows, cols, config.mxu.rows, config.mxu.cols));
  // A row's first and past-the-last byte relative to its element 0 (a
  // negative lane stride walks backwards).
  int64_t laneSpan = (cols - 1) * laneStride * bytes;
  int64_t rowLow = std::min<int64_t>(0, laneSpan);
  int64_t rowHigh = std::max<int64_t>(0, laneSpan) + bytes;
  LOOM_RETURN_IF_ERROR(checkVmem(address, 1, bytes, 0, "ldw VMEM"));
  if (address + rowLow < 0)
    return fail(fmt::format("ldw VMEM range starts at {}, below address 0",
                            address + rowLow));
  LOOM_RETURN_IF_ERROR(checkVmem(address + rowLow, rows, rowHigh - rowLow,
                                 stride, "ldw VMEM"));

  MxuTimeline &timeline = mxuTimelines[m];
  bool overlap = config.mxu.overlapWeightLoad;
  // A strided tile takes the same R cycles: the weight path takes one row
  // a cycle, and a row of strided elements is one VMEM access, as a
  // lane-strided vlds reads a sublane a cycle.
  int64_t duration = config.mxu.dataflow == Dataflow::OutputStationary
                         ? 0
                         : config.mxu.rows;
  int64_t base = std::max(now, overlap ? timeline.lastStart : timeline.lastDone);
  int64_t hazard = vmemWriteDone(address + rowLow,
                                 address + (rows - 1) * stride + rowHigh);
  int64_t start = std::max({base, hazard, overlap ? timeline.weightPathFree : 0});
  if (hazard > base && hazard >= start)
    addStall(StallCause::MxuOperandHazard, hazard - base);
  int64_t done = start + duration;
  timeline.weightPathFree = done;
  timeline.stagedReady = done;
  timeline.lastStart = start;
  timeline.lastDone = std::max(timeline.lastDone, done);
  timeline.queue.push_back(start);
  addBusyInterval(kUnitMxu0 + m, start, done, timeline.coveredUntil);
  addTrace(kUnitMxu0 + m, inst, start, done);
  if (options.recordMxuOps)
    mxuRecords.push_back(
        {MxuOpRecord::LoadWeights, m, start, done, rows, cols, 0, false});

  stagedValid[m] = true;
  timeline.stagedRows = rows;
  timeline.stagedCols = cols;
  if (options.functional)
    mxus[m].loadWeights(vmem() + address, static_cast<int>(rows),
                        static_cast<int>(cols), stride, f32, laneStride);
  return Status::ok();
}

Status Chip::executeMatmul(const Instruction &inst) {
  int m = static_cast<int>(inst.field[mm::Mxu]);
  int64_t accRow = sregs[inst.field[mm::AccRow]];
  int64_t address = sregs[inst.field[mm::VmemAddr]];
  int64_t rows = inst.field[mm::Rows], stride = inst.field[mm::Stride];
  bool accumulate = inst.func & modifier::Accumulate;
  bool swap = inst.func & modifier::Swap;
  bool f32 = inst.func & modifier::F32Operand;
  MxuTimeline &timeline = mxuTimelines[m];
  if (rows < 1)
    return fail("matmul of zero rows");
  if (swap && !stagedValid[m])
    return fail(fmt::format("matmul.swap on m{}, but no ldw has staged "
                            "weights since the last swap",
                            m));
  if (!swap && !activeValid[m])
    return fail(fmt::format("matmul on m{} before any weights are active "
                            "(the first matmul after ldw needs .swap)",
                            m));
  int64_t depth = swap ? timeline.stagedRows : timeline.activeRows;
  int64_t cols = swap ? timeline.stagedCols : timeline.activeCols;
  if (accRow < 0 || accRow + rows > config.mxu.accumulatorRows)
    return fail(fmt::format("accumulator rows [{}, {}) are outside m{}'s {} "
                            "rows",
                            accRow, accRow + rows, m,
                            config.mxu.accumulatorRows));
  int64_t rowBytes = depth * (f32 ? 4 : 2);
  LOOM_RETURN_IF_ERROR(
      checkVmem(address, rows, rowBytes, stride, "matmul VMEM"));

  const int64_t R = config.mxu.rows, C = config.mxu.cols;
  int64_t stream, drain;
  if (config.mxu.dataflow == Dataflow::OutputStationary) {
    int64_t tiles = (rows + R - 1) / R;
    stream = tiles * depth + (accumulate ? 0 : tiles * (R + C - 2));
    drain = 0;
  } else {
    stream = rows;
    drain = R + C - 2;
  }
  bool overlap = config.mxu.overlapWeightLoad;
  int64_t base = std::max(now, overlap ? timeline.lastStart : timeline.lastDone);
  int64_t weights = swap ? timeline.stagedReady : 0;
  int64_t hazard = vmemWriteDone(address, address + (rows - 1) * stride + rowBytes);
  int64_t start =
      std::max({base, weights, hazard, overlap ? timeline.streamFree : 0});
  if (start > base) {
    if (weights == start && weights >= hazard)
      addStall(StallCause::WeightLoad,
               start - std::max(base, overlap ? timeline.streamFree : 0));
    else if (hazard == start)
      addStall(StallCause::MxuOperandHazard,
               start - std::max(base, overlap ? timeline.streamFree : 0));
  }
  int64_t done = start + stream + drain;
  timeline.streamFree = start + stream;
  timeline.lastStart = start;
  timeline.lastDone = std::max(timeline.lastDone, done);
  timeline.queue.push_back(start);
  if (timeline.accWrites.size() >= 64)
    timeline.accWrites.erase(
        std::remove_if(timeline.accWrites.begin(), timeline.accWrites.end(),
                       [&](const AccWrite &w) { return w.done <= now; }),
        timeline.accWrites.end());
  timeline.accWrites.push_back({accRow, accRow + rows, done});
  counters.macs += rows * depth * cols;
  addBusyInterval(kUnitMxu0 + m, start, done, timeline.coveredUntil);
  addTrace(kUnitMxu0 + m, inst, start, done);
  if (options.recordMxuOps)
    mxuRecords.push_back({MxuOpRecord::Matmul, m, start, done, rows, cols,
                          depth, accumulate});

  if (swap) {
    timeline.activeRows = timeline.stagedRows;
    timeline.activeCols = timeline.stagedCols;
    stagedValid[m] = false;
    activeValid[m] = true;
    if (options.functional)
      mxus[m].swapWeights();
  }
  if (options.functional)
    mxus[m].matmul(vmem() + address, rows, stride, accRow, accumulate, f32);
  return Status::ok();
}

int64_t Chip::timeVectorOp(const std::vector<int> &sources, int dest,
                           int64_t occupancy, int64_t latency,
                           int64_t extraReady, StallCause extraCause) {
  int64_t base = std::max(now, vectorNextIssue);
  int64_t operands = 0;
  for (int reg : sources)
    operands = std::max(operands, vregReady[reg]);
  int64_t start = std::max({base, operands, extraReady});
  if (start > base)
    addStall(extraReady >= operands ? extraCause : StallCause::VectorDependency,
             start - base);
  vectorNextIssue = start + occupancy;
  if (dest >= 0)
    vregReady[dest] = std::max(vregReady[dest], start + latency);
  vectorLastReady = std::max(vectorLastReady, start + latency);
  vectorQueue.push_back(start);
  counters.units[kUnitVector].busyCycles += occupancy;
  ++counters.units[kUnitVector].operations;
  return start;
}

Status Chip::executePop(const Instruction &inst) {
  int m = static_cast<int>(inst.field[pop::Mxu]);
  int dest = static_cast<int>(inst.field[pop::Dest]);
  int64_t accRow = sregs[inst.field[pop::AccRow]];
  int64_t col = inst.field[pop::Col];
  const int S = config.vector.sublanes, L = config.vector.lanes;
  if (m >= config.mxu.count)
    return fail(fmt::format("MXU m{} does not exist (the chip has {})", m,
                            config.mxu.count));
  if (dest >= config.vector.registers)
    return fail(fmt::format("vector register v{} does not exist (the chip has "
                            "{})",
                            dest, config.vector.registers));
  if (accRow < 0 || accRow + S > config.mxu.accumulatorRows)
    return fail(fmt::format("accumulator rows [{}, {}) are outside m{}'s {} "
                            "rows",
                            accRow, accRow + S, m, config.mxu.accumulatorRows));
  if (col >= config.mxu.cols)
    return fail(fmt::format("column {} is outside m{}'s {} columns", col, m,
                            config.mxu.cols));
  int64_t ready = 0;
  for (const AccWrite &write : mxuTimelines[m].accWrites)
    if (write.begin < accRow + S && accRow < write.end)
      ready = std::max(ready, write.done);
  int64_t start = timeVectorOp({}, dest, 1, S, ready, StallCause::MxuResultWait);
  addTrace(kUnitVector, inst, start, start + S);
  if (!options.functional)
    return Status::ok();
  float *out = vectorRegister(dest);
  for (int s = 0; s < S; ++s) {
    const float *row = mxus[m].accumulatorRow(accRow + s);
    for (int l = 0; l < L; ++l)
      out[s * L + l] = col + l < config.mxu.cols ? row[col + l] : 0.0f;
  }
  return Status::ok();
}

/// The f32 a vld makes of one element of `type` at `p`.
static float loadElement(ElementType type, const uint8_t *p) {
  switch (type) {
  case ElementType::F32: {
    float value;
    std::memcpy(&value, p, 4);
    return value;
  }
  case ElementType::Bf16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return bfloat16ToFloat(bits);
  }
  case ElementType::F16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return halfToFloat(bits);
  }
  case ElementType::U8:
    return static_cast<float>(*p);
  case ElementType::I8:
    return static_cast<float>(static_cast<int8_t>(*p));
  case ElementType::I32: {
    int32_t value;
    std::memcpy(&value, p, 4);
    return static_cast<float>(value);
  }
  case ElementType::I64: {
    int64_t value;
    std::memcpy(&value, p, 8);
    return static_cast<float>(value);
  }
  }
  return 0.0f;
}

/// Truncates toward zero and saturates to [lo, hi]; NaN gives 0 (the
/// evaluator's float-to-integer cast).
template <typename Int> static Int saturate(float value) {
  if (std::isnan(value))
    return 0;
  double whole = std::trunc(static_cast<double>(value));
  if (whole <= static_cast<double>(std::numeric_limits<Int>::min()))
    return std::numeric_limits<Int>::min();
  if (whole >= static_cast<double>(std::numeric_limits<Int>::max()))
    return std::numeric_limits<Int>::max();
  return static_cast<Int>(whole);
}

/// Stores `value` as one element of `type` at `p`.
static void storeElement(ElementType type, float value, uint8_t *p) {
  switch (type) {
  case ElementType::F32:
    std::memcpy(p, &value, 4);
    return;
  case ElementType::Bf16: {
    uint16_t bits = floatToBFloat16(value);
    std::memcpy(p, &bits, 2);
    return;
  }
  case ElementType::F16: {
    uint16_t bits = floatToHalf(value);
    std::memcpy(p, &bits, 2);
    return;
  }
  case ElementType::U8:
    *p = saturate<uint8_t>(value);
    return;
  case ElementType::I8:
    *p = static_cast<uint8_t>(saturate<int8_t>(value));
    return;
  case ElementType::I32: {
    int32_t narrow = saturate<int32_t>(value);
    std::memcpy(p, &narrow, 4);
    return;
  }
  case ElementType::I64: {
    int64_t wide = saturate<int64_t>(value);
    std::memcpy(p, &wide, 8);
    return;
  }
  }
}

Status Chip::executeVectorMemory(const Instruction &inst) {
  bool load = inst.opcode == Opcode::VectorLoad;
  int reg = static_cast<int>(inst.field[vmem::Reg]);
  // The offset forms add their immediate (zero in the others).
  int64_t address = sregs[inst.field[vmem::Addr]] + inst.field[vmem::Offset];
  int64_t stride = inst.field[vmem::Stride];
  int64_t sublanes = inst.field[vmem::Sublanes], lanes = inst.field[vmem::Lanes];
  bool strided = inst.func & modifier::Strided;
  int64_t laneStride = strided ? inst.field[vmem::LaneStride] : 1;
  auto type = static_cast<ElementType>(inst.func & modifier::TypeMask);
  int64_t bytes = elementBytes(type);
  const int S = config.vector.sublanes, L = config.vector.lanes;
  const char *what = load ? "vld VMEM" : "vst VMEM";
  if (reg >= config.vector.registers)
    return fail(fmt::format("vector register v{} does not exist (the chip has "
                            "{})",
                            reg, config.vector.registers));
  if (sublanes < 1 || sublanes > S || lanes < 1 || lanes > L)
    return fail(fmt::format("{} sublanes x {} lanes is not within the {}x{} "
                            "vector register",
                            sublanes, lanes, S, L));
  // Byte offsets of the first and past-the-last element of a row, relative
  // to the row's lane 0 (a negative lane stride walks backwards).
  LOOM_RETURN_IF_ERROR(checkVmem(address, 1, bytes, 0, what));
  int64_t laneSpan = (lanes - 1) * laneStride * bytes;
  int64_t rowLow = std::min<int64_t>(0, laneSpan);
  int64_t rowHigh = std::max<int64_t>(0, laneSpan) + bytes;
  int64_t begin = address + rowLow;
  int64_t end = address + (sublanes - 1) * stride + rowHigh;
  if (begin < 0)
    return fail(fmt::format("{} range [{}, {}) starts below address 0", what,
                            begin, end));
  LOOM_RETURN_IF_ERROR(
      checkVmem(begin, sublanes, rowHigh - rowLow, stride, what));
  // A row whose elements are not adjacent (|lane stride| > 1) takes one
  // cycle per sublane; contiguous and broadcast rows take one in all.
  int64_t occupancy = laneStride > 1 || laneStride < -1 ? sublanes : 1;
  int64_t start;
  if (load) {
    int64_t latency = config.vector.loadLatency + occupancy - 1;
    start = timeVectorOp({}, reg, occupancy, latency, vmemWriteDone(begin, end),
                         StallCause::VectorDependency);
    addTrace(kUnitVector, inst, start, start + latency);
  } else {
    start = timeVectorOp({reg}, -1, occupancy, occupancy, 0,
                         StallCause::VectorDependency);
    recordVmemWrite(begin, end, start + occupancy);
    addTrace(kUnitVector, inst, start, start + occupancy);
  }
  if (!options.functional)
    return Status::ok();
  float *value = vectorRegister(reg);
  if (load) {
    std::vector<float> loaded(static_cast<size_t>(S) * L, 0.0f);
    for (int64_t s = 0; s < sublanes; ++s)
      for (int64_t l = 0; l < lanes; ++l)
        loaded[s * L + l] = loadElement(
            type, vmem() + address + s * stride + l * laneStride * bytes);
    std::copy(loaded.begin(), loaded.end(), value);
    return Status::ok();
  }
  // Stores go in sublane-major, lane order: where elements overlap (a zero
  // stride) the last one written wins.
  for (int64_t s = 0; s < sublanes; ++s)
    for (int64_t l = 0; l < lanes; ++l)
      storeElement(type, value[s * L + l],
                   vmem() + address + s * stride + l * laneStride * bytes);
  return Status::ok();
}

/// The vector unit's max and min are the evaluator's (runtime/MinMax.h):
/// NaN if either input is NaN, +0.0 above -0.0, so operand order does not
/// matter.
static float vectorMax(float a, float b) { return nanMaximum(a, b); }
static float vectorMin(float a, float b) { return nanMinimum(a, b); }

/// Round half to even, the evaluator's loom.round formula step for step.
static float roundHalfEven(float x) {
  float floor = std::floor(x);
  float diff = x - floor;
  float rounded;
  if (diff > 0.5f)
    rounded = floor + 1;
  else if (diff < 0.5f)
    rounded = floor;
  else
    rounded = std::fmod(floor, 2.0f) == 0 ? floor : floor + 1;
  return std::copysign(rounded, x);
}

Status Chip::executeVectorAlu(const Instruction &inst) {
  auto func = static_cast<VectorFunc>(inst.func);
  int d = static_cast<int>(inst.field[valu::Dest]);
  int a = static_cast<int>(inst.field[valu::SrcA]);
  int b = static_cast<int>(inst.field[valu::SrcB]);
  int c = static_cast<int>(inst.field[valu::SrcC]);
  for (int reg : {d, a, b, c})
    if (reg >= config.vector.registers)
      return fail(fmt::format("vector register v{} does not exist (the chip "
                              "has {})",
                              reg, config.vector.registers));
  std::vector<int> sources;
  bool transcendental = false;
  switch (func) {
  case VectorFunc::Select:
    sources = {c, a, b};
    break;
  case VectorFunc::RoundBf16:
  case VectorFunc::RoundF16:
  case VectorFunc::Move:
    sources = {a};
    break;
  case VectorFunc::Abs:
  case VectorFunc::Neg:
  case VectorFunc::Floor:
  case VectorFunc::Ceil:
  case VectorFunc::Round:
  case VectorFunc::Relu:
    sources = {a};
    break;
  case VectorFunc::Exp:
  case VectorFunc::Rsqrt:
  case VectorFunc::Reciprocal:
  case VectorFunc::Sqrt:
  case VectorFunc::Tanh:
  case VectorFunc::Log:
  case VectorFunc::Erf:
  case VectorFunc::Sin:
  case VectorFunc::Cos:
  case VectorFunc::Tan:
  case VectorFunc::Asin:
  case VectorFunc::Acos:
  case VectorFunc::Atan:
  case VectorFunc::Sinh:
  case VectorFunc::Cosh:
  case VectorFunc::Asinh:
  case VectorFunc::Acosh:
  case VectorFunc::Atanh:
    sources = {a};
    transcendental = true;
    break;
  case VectorFunc::Div:
  case VectorFunc::Pow:
  case VectorFunc::Fmod:
    sources = {a, b};
    transcendental = true;
    break;
  case VectorFunc::Splat:
    break;
  default:
    sources = {a, b};
    break;
  }
  int64_t latency = transcendental ? config.vector.transcendentalLatency
                                   : config.vector.aluLatency;
  int64_t start =
      timeVectorOp(sources, d, 1, latency, 0, StallCause::VectorDependency);
  addTrace(kUnitVector, inst, start, start + latency);
  if (!options.functional)
    return Status::ok();

  const size_t n = static_cast<size_t>(config.vector.sublanes) * config.vector.lanes;
  const float *x = vectorRegister(a), *y = vectorRegister(b),
              *mask = vectorRegister(c);
  std::vector<float> out(n);
  float splat = floatFromBits(static_cast<uint32_t>(sregs[inst.field[valu::Scalar]]));
  for (size_t i = 0; i < n; ++i) {
    switch (func) {
    case VectorFunc::Add: out[i] = x[i] + y[i]; break;
    case VectorFunc::Sub: out[i] = x[i] - y[i]; break;
    case VectorFunc::Mul: out[i] = x[i] * y[i]; break;
    case VectorFunc::Max: out[i] = vectorMax(x[i], y[i]); break;
    case VectorFunc::Min: out[i] = vectorMin(x[i], y[i]); break;
    case VectorFunc::Select: out[i] = mask[i] != 0.0f ? x[i] : y[i]; break;
    case VectorFunc::CmpLt: out[i] = x[i] < y[i] ? 1.0f : 0.0f; break;
    case VectorFunc::CmpEq: out[i] = x[i] == y[i] ? 1.0f : 0.0f; break;
    case VectorFunc::RoundBf16:
      out[i] = bfloat16ToFloat(floatToBFloat16(x[i]));
      break;
    case VectorFunc::RoundF16: out[i] = halfToFloat(floatToHalf(x[i])); break;
    case VectorFunc::Fmod: out[i] = std::fmod(x[i], y[i]); break;
    case VectorFunc::Exp: out[i] = std::exp(x[i]); break;
    case VectorFunc::Rsqrt: out[i] = 1.0f / std::sqrt(x[i]); break;
    case VectorFunc::Reciprocal: out[i] = 1.0f / x[i]; break;
    case VectorFunc::Move: out[i] = x[i]; break;
    case VectorFunc::Splat: out[i] = splat; break;
    case VectorFunc::Div: out[i] = x[i] / y[i]; break;
    case VectorFunc::Sqrt: out[i] = std::sqrt(x[i]); break;
    case VectorFunc::Tanh: out[i] = std::tanh(x[i]); break;
    case VectorFunc::Log: out[i] = std::log(x[i]); break;
    case VectorFunc::Erf: out[i] = std::erf(x[i]); break;
    case VectorFunc::Abs: out[i] = std::fabs(x[i]); break;
    case VectorFunc::Neg: out[i] = -x[i]; break;
    case VectorFunc::Floor: out[i] = std::floor(x[i]); break;
    case VectorFunc::Ceil: out[i] = std::ceil(x[i]); break;
    case VectorFunc::Round: out[i] = roundHalfEven(x[i]); break;
    case VectorFunc::Pow: out[i] = std::pow(x[i], y[i]); break;
    case VectorFunc::CmpLe: out[i] = x[i] <= y[i] ? 1.0f : 0.0f; break;
    // The evaluator's (x > 0 || x != x) ? x : 0: -0.0 gives +0.0 and a
    // NaN keeps its bits.
    case VectorFunc::Relu: out[i] = x[i] <= 0.0f ? 0.0f : x[i]; break;
    case VectorFunc::Sin: out[i] = std::sin(x[i]); break;
    case VectorFunc::Cos: out[i] = std::cos(x[i]); break;
    case VectorFunc::Tan: out[i] = std::tan(x[i]); break;
    case VectorFunc::Asin: out[i] = std::asin(x[i]); break;
    case VectorFunc::Acos: out[i] = std::acos(x[i]); break;
    case VectorFunc::Atan: out[i] = std::atan(x[i]); break;
    case VectorFunc::Sinh: out[i] = std::sinh(x[i]); break;
    case VectorFunc::Cosh: out[i] = std::cosh(x[i]); break;
    case VectorFunc::Asinh: out[i] = std::asinh(x[i]); break;
    case VectorFunc::Acosh: out[i] = std::acosh(x[i]); break;
    case VectorFunc::Atanh: out[i] = std::atanh(x[i]); break;
    }
  }
  std::copy(out.begin(), out.end(), vectorRegister(d));
  return Status::ok();
}

Status Chip::executeCrossLane(const Instruction &inst) {
  auto func = static_cast<CrossLaneFunc>(inst.func);
  int d = static_cast<int>(inst.field[xlane::Dest]);
  int a = static_cast<int>(inst.field[xlane::Src]);
  const int S = config.vector.sublanes, L = config.vector.lanes;
  bool withInit = func == CrossLaneFunc::SumInit ||
                  func == CrossLaneFunc::MaxInit ||
                  func == CrossLaneFunc::MinInit;
  int init = withInit ? static_cast<int>(inst.field[xlane::Init]) : a;
  int64_t lanes = withInit ? inst.field[xlane::Lanes] : L;
  if (withInit) {
    func = static_cast<CrossLaneFunc>(static_cast<uint8_t>(func) -
                                      static_cast<uint8_t>(CrossLaneFunc::SumInit));
    if (lanes < 1 || lanes > L)
      return fail(fmt::format("{} lanes is not within the register's {} lanes",
                              lanes, L));
  }
  int span = func == CrossLaneFunc::Transpose ? L / S : 1;
  for (int reg : {d, a, init})
    if (reg + span > config.vector.registers)
      return fail(fmt::format(
          "vector registers v{}..v{} do not exist (the chip has {}{})", reg,
          reg + span - 1, config.vector.registers,
          span > 1 ? fmt::format("; a {}x{} transpose spans {} registers", L,
                                 L, span)
                   : ""));
  std::vector<int> sources;
  for (int r = 0; r < span; ++r)
    sources.push_back(a + r);
  if (withInit)
    sources.push_back(init);
  int64_t latency = config.vector.crossLaneLatency + span - 1;
  int64_t start = timeVectorOp(sources, span == 1 ? d : -1, span, latency, 0,
                               StallCause::VectorDependency);
  for (int r = 0; r < span && span > 1; ++r)
    vregReady[d + r] = std::max(vregReady[d + r], start + latency);
  addTrace(kUnitVector, inst, start, start + latency);
  if (!options.functional)
    return Status::ok();

  if (func == CrossLaneFunc::Transpose) {
    // Tile row r is sublane r % S of register a + r / S.
    std::vector<float> tile(static_cast<size_t>(L) * L);
    for (int r = 0; r < L; ++r)
      std::copy_n(vectorRegister(a + r / S) + (r % S) * L, L,
                  tile.data() + static_cast<size_t>(r) * L);
    for (int r = 0; r < L; ++r)
      for (int col = 0; col < L; ++col)
        vectorRegister(d + r / S)[(r % S) * L + col] =
            tile[static_cast<size_t>(col) * L + r];
    return Status::ok();
  }
  float *out = vectorRegister(d);
  const float *in = vectorRegister(a);
  const float *first = vectorRegister(init);
  std::vector<float> reduced(S);
  for (int s = 0; s < S; ++s) {
    float acc = withInit ? first[s * L] : in[s * L];
    for (int64_t l = withInit ? 0 : 1; l < lanes; ++l) {
      float x = in[s * L + l];
      acc = func == CrossLaneFunc::Sum   ? acc + x
            : func == CrossLaneFunc::Max ? vectorMax(acc, x)
                                         : vectorMin(acc, x);
    }
    reduced[s] = acc;
  }
  for (int s = 0; s < S; ++s)
    std::fill(out + s * L, out + (s + 1) * L, reduced[s]);
  return Status::ok();
}

} // namespace loom::systolic
