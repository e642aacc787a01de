//===- CpuCodegen.h - Loom kernels to a CPU shared object --------*- C++ -*-===//
//
// Part of the Loom project.
//
// The CPU backend's entry points. `compileKernels` takes a module whose
// `loom.kernel` functions hold loom ops on static tensors and produces one
// ELF shared object that exports every kernel under the kernel ABI of
// runtime/KernelAbi.h, with the workgroup grid of each. The stage functions
// below expose the intermediate forms for `loomc --emit=linalg|llvm|asm`;
// compileKernels is exactly their composition followed by linking.
// docs/cpu-backend.md describes the pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_CPUCODEGEN_H
#define LOOM_BACKENDS_CPU_CPUCODEGEN_H

#include "backends/target/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace loom::cpu {

/// What machine code is generated for.
struct TargetOptions {
  /// An LLVM CPU name such as "x86-64-v3"; empty selects the host CPU.
  std::string cpu;
  /// LLVM target features such as "+avx2,+fma"; empty selects the host's.
  std::string features;
  /// LLVM optimization level, 0 to 3.
  unsigned optLevel = 3;
  /// Check every index of a gather or scatter and every integer divisor at
  /// run time, so that a bad one fails the run naming its node (see
  /// loom-cpu-kernels-to-linalg); off, such code reads a clamped position,
  /// skips the write, or divides to 0, without a word.
  bool runtimeChecks = true;
  /// Run the tiles of 3x3 stride-1 convolutions with enough output tiles
  /// on the Winograd F(2x2, 3x3) micro-kernel (loom-cpu-winograd-conv-to-
  /// ukernel), whose sums round differently: see docs/cpu-backend.md.
  bool winograd = false;
};

/// Whether the CPU that `options` selects has AVX512F, where convolution
/// tiles with pre-packed filters run on the direct convolution
/// micro-kernel (loom-cpu-pack-conv-filters, loom-cpu-conv-to-ukernel);
/// elsewhere they keep the im2col and the matmul micro-kernel.
bool hasDirectConvolutions(const TargetOptions &options);

/// Compiles every `loom.kernel` function of `module` (the module is not
/// changed) into an ELF shared object. Errors are reported through the
/// context's diagnostic engine.
mlir::FailureOr<KernelLibrary> compileKernels(mlir::ModuleOp module,
                                              const TargetOptions &options);

//===----------------------------------------------------------------------===//
// The stages of compileKernels, for inspection (loomc --emit=...).
//===----------------------------------------------------------------------===//

/// Stage 1 (--emit=linalg): a new module holding a copy of each
/// `loom.kernel` function of `module`, lowered to linalg on tensors with
/// elementwise producers fused into their consumers.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
lowerKernelsToLinalg(mlir::ModuleOp module, const TargetOptions &options = {});

/// Kernels compiled once for several names: each pair is a kernel left out
/// of the compiled module and the kernel it is identical to, which was kept.
using KernelAliases = std::vector<std::pair<std::string, std::string>>;

/// Stage 2: continues from `lowerKernelsToLinalg` through workgroup
/// distribution, bufferization and the kernel ABI entries down to the LLVM
/// dialect. Appends the kernels' grids to `kernels` when it is non-null.
/// With `aliases`, a kernel whose linalg form is that of an earlier kernel
/// up to its name and locations (the repeated blocks of a ResNet or a
/// transformer) is dropped after stage 1 and recorded there; its grid is
/// still appended, the same as the kept kernel's.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
lowerKernelsToLLVMDialect(mlir::ModuleOp module, const TargetOptions &options,
                          std::vector<KernelInfo> *kernels = nullptr,
                          KernelAliases *aliases = nullptr);

/// Stage 3 (--emit=llvm): the kernels of `module` as optimized LLVM IR text.
mlir::FailureOr<std::string> emitKernelsLLVMIR(mlir::ModuleOp module,
                                               const TargetOptions &options);

/// Stage 4 (--emit=asm): the kernels of `module` as target assembly text.
mlir::FailureOr<std::string> emitKernelsAssembly(mlir::ModuleOp module,
                                                 const TargetOptions &options);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_CPUCODEGEN_H
