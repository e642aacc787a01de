//===- ProgramBuilder.h - Building systolic programs instruction by instruction -*- C++ -*-===//
//
// Part of the Loom project.
//
// The code generators of backends/systolic/codegen append instructions of
// the simulator's ISA (simulator/systolic/Isa.h) through a ProgramBuilder:
// one helper per instruction form, labels for branches (bound later,
// patched when the program is finished), and a comment per instruction
// that `loomc --emit=asm` prints beside it. Registers and flags come from
// the pools of RegisterPools; VMEM from a VmemAllocator.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_CODEGEN_PROGRAMBUILDER_H
#define LOOM_BACKENDS_SYSTOLIC_CODEGEN_PROGRAMBUILDER_H

#include "simulator/systolic/Isa.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loom::systolic::codegen {

struct Label {
  int id = -1;
};

class ProgramBuilder {
public:
  /// Index the next instruction will have.
  size_t size() const { return instructions.size(); }

  void emit(const Instruction &inst);
  /// Attaches `text` to the next instruction emitted (shown by --emit=asm).
  void comment(std::string text) { pendingComment = std::move(text); }

  Label newLabel();
  /// The label names the next instruction emitted.
  void bind(Label label);

  // Scalar core.
  void li(int d, int64_t value);
  void lif(int d, float value);
  void alu(ScalarFunc func, int d, int a, int b);
  void alui(ScalarFunc func, int d, int a, int64_t imm);
  void addi(int d, int a, int64_t imm) { alui(ScalarFunc::Add, d, a, imm); }
  void branch(BranchFunc func, int a, int b, Label target);
  void jump(Label target) { branch(BranchFunc::Always, 0, 0, target); }
  /// sCounter -= 1; jump to `target` while it is not zero.
  void loop(int counter, Label target) {
    branch(BranchFunc::Loop, counter, 0, target);
  }
  void halt();

  // Units.
  void dma(DmaFunc func, int vmemReg, int hbmReg, int flag, int64_t rows,
           int64_t rowBytes, int64_t vmemStride, int64_t hbmStride);
  /// ldw, or ldws where `laneStride` is not 1 (a tile row's elements
  /// `laneStride` elements apart).
  void ldw(int mxu, int vmemReg, int64_t rows, int64_t cols, int64_t stride,
           bool f32 = true, int64_t laneStride = 1);
  void matmul(int mxu, int accReg, int vmemReg, int64_t rows, int64_t stride,
              bool accumulate, bool swap, bool f32 = true);
  void pop(int mxu, int v, int accReg, int64_t col);
  /// `sublanes` rows of `lanes` contiguous elements, rows `stride` bytes
  /// apart (0: every sublane reads the same row).
  void vld(int v, int vmemReg, int64_t stride, int64_t sublanes,
           int64_t lanes, uint8_t modifiers = 0);
  void vst(int v, int vmemReg, int64_t stride, int64_t sublanes,
           int64_t lanes, uint8_t modifiers = 0);
  void vld(int v, int vmemReg, int64_t stride, int64_t sublanes,
           int64_t lanes, ElementType type);
  /// vldo / vsto (f32): the address is vmemReg's value + `offset` bytes, so
  /// that loads and stores at constant offsets from one base register need
  /// no s.addi each.
  void vldOffset(int v, int vmemReg, int64_t offset, int64_t stride,
                 int64_t sublanes, int64_t lanes);
  void vstOffset(int v, int vmemReg, int64_t offset, int64_t stride,
                 int64_t sublanes, int64_t lanes,
                 ElementType type = ElementType::F32);
  void vst(int v, int vmemReg, int64_t stride, int64_t sublanes,
           int64_t lanes, ElementType type);
  /// vlds / vsts: element (s, l) at vmem + s * sublaneStride (bytes) +
  /// l * laneStride (elements of `type`; 0 = broadcast element 0 of the
  /// row, negative = backwards).
  void vldStrided(int v, int vmemReg, int64_t sublaneStride, int64_t sublanes,
                  int64_t lanes, int64_t laneStride,
                  ElementType type = ElementType::F32);
  void vstStrided(int v, int vmemReg, int64_t sublaneStride, int64_t sublanes,
                  int64_t lanes, int64_t laneStride,
                  ElementType type = ElementType::F32);
  /// vD = f(vA, vB) or f(vA); v.sel: valu(Select, d, a, b, mask);
  /// v.splat: valu(Splat, d, 0, 0, 0, scalar).
  void valu(VectorFunc func, int d, int a, int b = 0, int c = 0,
            int scalar = 0);
  void xlane(CrossLaneFunc func, int d, int a);
  /// x.sum.init / x.max.init / x.min.init (func Sum, Max or Min, or the
  /// Init functions themselves): per sublane, acc = vInit[s][0], then
  /// acc = acc OP vA[s][l] for l = 0..lanes-1, broadcast into vD[s].
  void xlaneInit(CrossLaneFunc func, int d, int a, int init, int64_t lanes);
  /// s.ld / s.ld32: sD = the little-endian i64 (i32, sign-extended) at the
  /// VMEM address in sA.
  void sld(int d, int a);
  void sld32(int d, int a);
  void wait(int flag, int64_t count);
  void signal(int flag, int64_t count);

  /// Resolves every label; fails on a label used but never bound.
  Result<Program> finish(const std::string &name);
  /// The comments, one per instruction (empty where none), after finish.
  const std::vector<std::string> &comments() const { return notes; }

private:
  std::vector<Instruction> instructions;
  std::vector<std::string> notes;
  std::optional<std::string> pendingComment;
  std::vector<int64_t> labelTargets;                  // -1 until bound
  std::vector<std::pair<size_t, int>> labelUses;      // (instruction, label)
};

/// Scalar registers, vector registers and flags a kernel may use. s0-s2
/// and the argument registers are never handed out.
class RegisterPools {
public:
  RegisterPools(int firstFreeScalar, int vectorRegisters);

  /// A free register or flag; fails (returns -1) when none is left, which
  /// the generators report as an error naming the kernel.
  int scalar();
  int vector();
  int flag();
  void release(int scalarRegister);
  void releaseVector(int vectorRegister);
  void releaseFlag(int flag);
  int freeScalars() const;
  int freeVectors() const;

private:
  std::vector<bool> scalarUsed, vectorUsed, flagUsed;
};

/// VMEM space of one kernel: a bump allocator with marks, aligned to 64
/// bytes. Fails (returns -1) when the request does not fit.
class VmemAllocator {
public:
  explicit VmemAllocator(int64_t bytes) : capacity(bytes) {}
  int64_t allocate(int64_t bytes, int64_t alignment = 64);
  int64_t mark() const { return top; }
  void reset(int64_t mark) { top = mark; }
  int64_t available() const { return capacity - top; }
  int64_t size() const { return capacity; }

private:
  int64_t capacity;
  int64_t top = 0;
};

} // namespace loom::systolic::codegen

#endif // LOOM_BACKENDS_SYSTOLIC_CODEGEN_PROGRAMBUILDER_H
