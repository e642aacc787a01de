//===- ProgramBuilder.cpp - Building systolic programs --------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/ProgramBuilder.h"

#include <cstring>

namespace loom::systolic::codegen {

void ProgramBuilder::emit(const Instruction &inst) {
  instructions.push_back(inst);
  notes.push_back(pendingComment ? std::move(*pendingComment) : std::string());
  pendingComment.reset();
}

Label ProgramBuilder::newLabel() {
  labelTargets.push_back(-1);
  return Label{static_cast<int>(labelTargets.size()) - 1};
}

void ProgramBuilder::bind(Label label) {
  labelTargets[label.id] = static_cast<int64_t>(instructions.size());
}

static Instruction make(Opcode opcode, uint8_t func,
                        std::initializer_list<int64_t> fields) {
  Instruction inst;
  inst.opcode = opcode;
  inst.func = func;
  size_t i = 0;
  for (int64_t value : fields)
    inst.field[i++] = value;
  return inst;
}

void ProgramBuilder::li(int d, int64_t value) {
  emit(make(Opcode::ScalarAluImmediate,
            static_cast<uint8_t>(ScalarFunc::LoadImmediate), {d, 0, value}));
}

void ProgramBuilder::lif(int d, float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  emit(make(Opcode::ScalarAluImmediate,
            static_cast<uint8_t>(ScalarFunc::LoadFloatImmediate),
            {d, 0, static_cast<int64_t>(bits)}));
}

void ProgramBuilder::alu(ScalarFunc func, int d, int a, int b) {
  emit(make(Opcode::ScalarAlu, static_cast<uint8_t>(func), {d, a, b}));
}

void ProgramBuilder::alui(ScalarFunc func, int d, int a, int64_t imm) {
  emit(make(Opcode::ScalarAluImmediate, static_cast<uint8_t>(func),
            {d, a, imm}));
}

void ProgramBuilder::branch(BranchFunc func, int a, int b, Label target) {
  labelUses.emplace_back(instructions.size(), target.id);
  emit(make(Opcode::Branch, static_cast<uint8_t>(func), {a, b, 0}));
}

void ProgramBuilder::halt() { emit(make(Opcode::Halt, 0, {})); }

void ProgramBuilder::dma(DmaFunc func, int vmemReg, int hbmReg, int flag,
                         int64_t rows, int64_t rowBytes, int64_t vmemStride,
                         int64_t hbmStride) {
  emit(make(Opcode::Dma, static_cast<uint8_t>(func),
            {vmemReg, hbmReg, flag, rows, rowBytes, vmemStride, hbmStride}));
}

void ProgramBuilder::ldw(int mxu, int vmemReg, int64_t rows, int64_t cols,
                         int64_t stride, bool f32, int64_t laneStride) {
  if (laneStride == 1) {
    emit(make(Opcode::LoadWeights, f32 ? modifier::F32Operand : 0,
              {mxu, vmemReg, rows, cols, stride}));
    return;
  }
  emit(make(Opcode::LoadWeights,
            (f32 ? modifier::F32Operand : 0) | modifier::LaneStrided,
            {mxu, vmemReg, rows, cols, stride, laneStride}));
}

void ProgramBuilder::matmul(int mxu, int accReg, int vmemReg, int64_t rows,
                            int64_t stride, bool accumulate, bool swap,
                            bool f32) {
  uint8_t func = (f32 ? modifier::F32Operand : 0) |
                 (accumulate ? modifier::Accumulate : 0) |
                 (swap ? modifier::Swap : 0);
  emit(make(Opcode::Matmul, func, {mxu, accReg, vmemReg, rows, stride}));
}

void ProgramBuilder::pop(int mxu, int v, int accReg, int64_t col) {
  emit(make(Opcode::Pop, 0, {mxu, v, accReg, col}));
}

void ProgramBuilder::vld(int v, int vmemReg, int64_t stride, int64_t sublanes,
                         int64_t lanes, uint8_t modifiers) {
  emit(make(Opcode::VectorLoad, modifiers,
            {v, vmemReg, stride, sublanes, lanes}));
}

void ProgramBuilder::vst(int v, int vmemReg, int64_t stride, int64_t sublanes,
                         int64_t lanes, uint8_t modifiers) {
  emit(make(Opcode::VectorStore, modifiers,
            {v, vmemReg, stride, sublanes, lanes}));
}

void ProgramBuilder::vld(int v, int vmemReg, int64_t stride, int64_t sublanes,
                         int64_t lanes, ElementType type) {
  vld(v, vmemReg, stride, sublanes, lanes, static_cast<uint8_t>(type));
}

void ProgramBuilder::vst(int v, int vmemReg, int64_t stride, int64_t sublanes,
                         int64_t lanes, ElementType type) {
  vst(v, vmemReg, stride, sublanes, lanes, static_cast<uint8_t>(type));
}

void ProgramBuilder::vldOffset(int v, int vmemReg, int64_t offset,
                               int64_t stride, int64_t sublanes,
                               int64_t lanes) {
  emit(make(Opcode::VectorLoad, modifier::Offset,
            {v, vmemReg, stride, sublanes, lanes, 0, offset}));
}

void ProgramBuilder::vstOffset(int v, int vmemReg, int64_t offset,
                               int64_t stride, int64_t sublanes,
                               int64_t lanes, ElementType type) {
  emit(make(Opcode::VectorStore, static_cast<uint8_t>(type) | modifier::Offset,
            {v, vmemReg, stride, sublanes, lanes, 0, offset}));
}

void ProgramBuilder::vldStrided(int v, int vmemReg, int64_t sublaneStride,
                                int64_t sublanes, int64_t lanes,
                                int64_t laneStride, ElementType type) {
  emit(make(Opcode::VectorLoad,
            static_cast<uint8_t>(type) | modifier::Strided,
            {v, vmemReg, sublaneStride, sublanes, lanes, laneStride}));
}

void ProgramBuilder::vstStrided(int v, int vmemReg, int64_t sublaneStride,
                                int64_t sublanes, int64_t lanes,
                                int64_t laneStride, ElementType type) {
  emit(make(Opcode::VectorStore,
            static_cast<uint8_t>(type) | modifier::Strided,
            {v, vmemReg, sublaneStride, sublanes, lanes, laneStride}));
}

void ProgramBuilder::valu(VectorFunc func, int d, int a, int b, int c,
                          int scalar) {
  emit(make(Opcode::VectorAlu, static_cast<uint8_t>(func),
            {d, a, b, c, scalar}));
}

void ProgramBuilder::xlane(CrossLaneFunc func, int d, int a) {
  emit(make(Opcode::CrossLane, static_cast<uint8_t>(func), {d, a}));
}

void ProgramBuilder::xlaneInit(CrossLaneFunc func, int d, int a, int init,
                               int64_t lanes) {
  if (func == CrossLaneFunc::Sum || func == CrossLaneFunc::Max ||
      func == CrossLaneFunc::Min)
    func = static_cast<CrossLaneFunc>(static_cast<uint8_t>(func) +
                                      static_cast<uint8_t>(CrossLaneFunc::SumInit));
  emit(make(Opcode::CrossLane, static_cast<uint8_t>(func), {d, a, init, lanes}));
}

void ProgramBuilder::sld(int d, int a) {
  emit(make(Opcode::ScalarLoad, static_cast<uint8_t>(ScalarLoadFunc::I64),
            {d, a}));
}

void ProgramBuilder::sld32(int d, int a) {
  emit(make(Opcode::ScalarLoad, static_cast<uint8_t>(ScalarLoadFunc::I32),
            {d, a}));
}

void ProgramBuilder::wait(int flag, int64_t count) {
  emit(make(Opcode::Sync, static_cast<uint8_t>(SyncFunc::Wait),
            {flag, count}));
}

void ProgramBuilder::signal(int flag, int64_t count) {
  emit(make(Opcode::Sync, static_cast<uint8_t>(SyncFunc::Signal),
            {flag, count}));
}

Result<Program> ProgramBuilder::finish(const std::string &name) {
  for (auto [index, label] : labelUses) {
    if (labelTargets[label] < 0)
      return invalidArgument(name + ": instruction " + std::to_string(index) +
                             " branches to a label that was never bound");
    instructions[index].field[br::Target] = labelTargets[label];
  }
  Program program;
  program.name = name;
  program.code = instructions;
  return program;
}

RegisterPools::RegisterPools(int firstFreeScalar, int vectorRegisters)
    : scalarUsed(32, false), vectorUsed(vectorRegisters, false),
      flagUsed(32, false) {
  for (int r = 0; r < firstFreeScalar && r < 32; ++r)
    scalarUsed[r] = true;
}

static int take(std::vector<bool> &used) {
  for (size_t i = 0; i < used.size(); ++i)
    if (!used[i]) {
      used[i] = true;
      return static_cast<int>(i);
    }
  return -1;
}

int RegisterPools::scalar() { return take(scalarUsed); }
int RegisterPools::vector() { return take(vectorUsed); }
int RegisterPools::flag() { return take(flagUsed); }
void RegisterPools::release(int r) { scalarUsed[r] = false; }
void RegisterPools::releaseVector(int v) { vectorUsed[v] = false; }
void RegisterPools::releaseFlag(int f) { flagUsed[f] = false; }

int RegisterPools::freeScalars() const {
  int count = 0;
  for (bool used : scalarUsed)
    count += !used;
  return count;
}

int RegisterPools::freeVectors() const {
  int count = 0;
  for (bool used : vectorUsed)
    count += !used;
  return count;
}

int64_t VmemAllocator::allocate(int64_t bytes, int64_t alignment) {
  int64_t start = (top + alignment - 1) / alignment * alignment;
  if (bytes < 0 || start + bytes > capacity)
    return -1;
  top = start + bytes;
  return start;
}

} // namespace loom::systolic::codegen
