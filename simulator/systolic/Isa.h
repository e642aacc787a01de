//===- Isa.h - Instruction set of the systolic chip --------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Sixteen opcodes, each a fixed 128-bit word: bits 0-7 hold the opcode, bits
// 8-15 its function (sub-operation and modifier bits), and the opcode's
// fields follow from bit 16, packed in the order and widths of the opcode's
// field table. The same tables drive the encoder, the decoder, the assembler
// and the disassembler, so the four cannot disagree. docs/systolic.md shows
// the encoding table and each instruction's semantics.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_ISA_H
#define LOOM_SIMULATOR_SYSTOLIC_ISA_H

#include "runtime/Result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loom::systolic {

enum class Opcode : uint8_t {
  Halt = 0,
  ScalarAlu,          // sD = sA op sB
  ScalarAluImmediate, // sD = sA op imm (and load-immediate)
  Branch,             // conditional/unconditional jumps and counted loops
  Dma,                // 2-D strided HBM <-> VMEM copy, completion flag
  LoadWeights,        // VMEM tile -> an MXU's staging weight buffer
  Matmul,             // VMEM rows x weights -> accumulators
  Pop,                // accumulator rows -> vector register
  VectorLoad,
  VectorStore,
  VectorAlu,          // elementwise, select, convert, transcendentals
  CrossLane,          // lane reductions and transposes
  Sync,               // wait on / signal a flag
  Send,               // VMEM -> another chip over the links
  Recv,               // post a receive buffer for another chip's send
  ScalarLoad,         // sD = integer at a VMEM address
  Count
};

enum class ScalarFunc : uint8_t {
  Add, Sub, Mul, Div, Rem, And, Or, Xor, Shl, Shr, Lt, Eq, Min, Max,
  LoadImmediate,      // immediate form only: sD = imm
  LoadFloatImmediate, // immediate form only: sD = bits of an f32 literal
  AddF64,             // register form only: sD = bits of f64(sA) + f64(sB)
};
enum class BranchFunc : uint8_t { Eq, Ne, Lt, Ge, Always, Loop };
enum class DmaFunc : uint8_t { Load, Store };
enum class SyncFunc : uint8_t { Wait, Signal };
enum class VectorFunc : uint8_t {
  Add, Sub, Mul, Max, Min, Select, CmpLt, CmpEq, RoundBf16, Exp, Rsqrt,
  Reciprocal, Move, Splat,
  Div, Sqrt, Tanh, Log, Erf, Abs, Neg, Floor, Ceil,
  Round, // half to even
  Pow, CmpLe,
  Relu, // x <= 0 ? +0 : x (NaN stays): loom.relu in one operation
  // The float overloads of <cmath>, as the evaluator computes them.
  Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh,
  RoundF16, // to the nearest f16 value (to even; overflow to inf), kept in f32
  Fmod,     // std::fmod(a, b): the remainder with the dividend's sign
};
/// SumInit, MaxInit and MinInit start each sublane's reduction from lane 0
/// of a second register and reduce only the first `lanes` lanes.
enum class CrossLaneFunc : uint8_t {
  Sum, Max, Min, Transpose, SumInit, MaxInit, MinInit
};
enum class ScalarLoadFunc : uint8_t { I64, I32 };

/// How vld/vst elements are stored in VMEM (bits 0-2 of their function).
/// Registers always hold f32; loads convert exactly (static_cast), stores
/// round (bf16: to nearest even) or truncate toward zero and saturate
/// (integers; NaN stores 0).
enum class ElementType : uint8_t { F32, Bf16, U8, I32, I64, I8, F16 };
constexpr int kElementTypes = 7;
int64_t elementBytes(ElementType type);

/// Modifier bits of LoadWeights / Matmul / VectorLoad / VectorStore.
namespace modifier {
constexpr uint8_t F32Operand = 1; // ldw, matmul: round f32 VMEM data to bf16
constexpr uint8_t Accumulate = 2; // matmul: add into the accumulators
constexpr uint8_t Swap = 4;       // matmul: make the staged weights active
constexpr uint8_t LaneStrided = 2; // ldw: the lane_stride field is shown
constexpr uint8_t Bf16 = 1;       // vld/vst: memory holds bf16
constexpr uint8_t TypeMask = 7;   // vld/vst: bits 0-2 are the ElementType
constexpr uint8_t Strided = 8;    // vld/vst: the lane_stride field is shown
constexpr uint8_t Offset = 16;    // vld/vst: the offset field is shown
} // namespace modifier

enum class FieldKind : uint8_t {
  ScalarReg, // s0..s31
  VectorReg, // v0..v31
  Flag,      // f0..f31
  Mxu,       // m0..m7
  Unsigned,
  Signed,
  Target,    // instruction index; labels in assembly
  Float,     // an f32 written as a literal, stored as its bits
};

struct FieldInfo {
  const char *name;
  FieldKind kind;
  uint8_t bits;
};

constexpr int kMaxFields = 7;

struct OpcodeInfo {
  const char *name;
  std::vector<FieldInfo> fields;
};

const OpcodeInfo &opcodeInfo(Opcode opcode);

/// Field positions, so that the executor reads `inst.field[dma::Rows]`.
namespace alu { enum : int { Dest, SrcA, SrcB }; }
namespace alui { enum : int { Dest, Src, Imm }; }
namespace br { enum : int { SrcA, SrcB, Target }; }
namespace dma {
enum : int { VmemAddr, HbmAddr, Flag, Rows, RowBytes, VmemStride, HbmStride };
}
namespace ldw { enum : int { Mxu, VmemAddr, Rows, Cols, Stride, LaneStride }; }
namespace mm { enum : int { Mxu, AccRow, VmemAddr, Rows, Stride }; }
namespace pop { enum : int { Mxu, Dest, AccRow, Col }; }
namespace vmem {
enum : int { Reg, Addr, Stride, Sublanes, Lanes, LaneStride, Offset };
}
namespace valu { enum : int { Dest, SrcA, SrcB, SrcC, Scalar }; }
namespace xlane { enum : int { Dest, Src, Init, Lanes }; }
namespace sld { enum : int { Dest, Addr }; }
namespace sync { enum : int { Flag, Count }; }
namespace ici { enum : int { Addr, Chip, Flag, Bytes }; }

struct Instruction {
  Opcode opcode = Opcode::Halt;
  uint8_t func = 0;
  std::array<int64_t, kMaxFields> field{};

  bool operator==(const Instruction &other) const {
    return opcode == other.opcode && func == other.func &&
           field == other.field;
  }
};

/// One assembly spelling: a mnemonic bound to an (opcode, func) pair and the
/// fields it shows, in text order. Fields it does not show encode as zero.
struct MnemonicInfo {
  std::string text;
  Opcode opcode;
  uint8_t func;
  std::vector<int> shownFields;
  /// Overrides the field's kind in text (s.lif shows its bits as a float).
  std::vector<FieldKind> shownKinds;
};

const std::vector<MnemonicInfo> &mnemonicTable();
const MnemonicInfo *findMnemonic(std::string_view text);
const MnemonicInfo *findMnemonic(Opcode opcode, uint8_t func);

/// The 16 bytes of one instruction, little-endian.
using EncodedInstruction = std::array<uint8_t, 16>;

/// Encodes `inst`; fails if a field does not fit its width or the
/// (opcode, func) pair has no mnemonic.
Result<EncodedInstruction> encode(const Instruction &inst);
/// Decodes and checks: known opcode and func, unused fields and padding
/// bits zero. `index` only appears in the message.
Result<Instruction> decode(const EncodedInstruction &bytes, size_t index);

/// The canonical assembly text of one instruction, e.g. "wait f0, 1";
/// targets print as instruction indices.
std::string formatInstruction(const Instruction &inst);

/// A program: instructions plus, when it came from assembly text, the line
/// of each one, so that run-time errors can point at the source.
struct Program {
  std::string name; // the file it came from, for messages
  std::vector<Instruction> code;
  std::vector<int> lines; // empty, or one source line per instruction

  /// "prog.s:12: instruction 7 (vld v1, s2, 512, 8, 128)", the prefix of
  /// every run-time error about instruction `index`.
  std::string where(size_t index) const;
};

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_ISA_H
