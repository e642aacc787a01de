//===- Linker.h - Kernel shared objects linked in process -------*- C++ -*-===//
//
// Part of the Loom project.
//
// Links relocatable objects into an ELF shared object with lld, inside the
// compiler's process, exporting only the named symbols.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_LINKER_H
#define LOOM_BACKENDS_CPU_LINKER_H

#include "runtime/ByteBuffer.h"

#include "mlir/Support/LLVM.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace loom::cpu {

/// The bytes of a shared object linked from `objects` that exports
/// `exportedSymbols` and nothing else. Symbols left undefined (libc, libm)
/// resolve when the library is loaded. On failure `error` holds lld's
/// messages.
mlir::FailureOr<ByteBuffer>
linkSharedObject(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> objects,
                 llvm::ArrayRef<std::string> exportedSymbols,
                 std::string &error);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_LINKER_H
