//===- ObjectEmission.h - LLVM IR and machine code for kernels ---*- C++ -*-===//
//
// Part of the Loom project.
//
// The back half of the CPU backend, between the LLVM dialect and bytes: the
// TargetMachine chosen by TargetOptions, translation to LLVM IR with LLVM's
// optimization pipeline, and object or assembly emission.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_OBJECTEMISSION_H
#define LOOM_BACKENDS_CPU_OBJECTEMISSION_H

#include "backends/cpu/CpuCodegen.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace loom::cpu {

/// The TargetMachine for `options`: the host's triple, the requested (or
/// host) CPU and features, position-independent code. Empty with `error`
/// set when LLVM has no such target.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const TargetOptions &options, std::string &error);

/// True when `machine` may use AVX2 and FMA instructions.
bool hasAvx2Fma(const llvm::TargetMachine &machine);

/// Whether `machine` is an x86 CPU with AVX512F.
bool isAvx512(const llvm::TargetMachine &machine);

/// Translates the LLVM-dialect `module` to LLVM IR for `machine` and runs
/// LLVM's O`optLevel` pipeline on it. Null after a diagnostic on failure.
std::unique_ptr<llvm::Module> translateAndOptimize(mlir::ModuleOp module,
                                                   llvm::LLVMContext &context,
                                                   llvm::TargetMachine &machine,
                                                   unsigned optLevel);

/// Object file (ELF) or assembly text of `module`.
mlir::FailureOr<ByteBuffer>
emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                llvm::CodeGenFileType fileType, std::string &error);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_OBJECTEMISSION_H
