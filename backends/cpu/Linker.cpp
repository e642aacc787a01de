//===- Linker.cpp - Kernel shared objects linked in process ---------------===//
//
// Part of the Loom project.
//
// lld reads its inputs from and writes its output to files, so a link gets a
// private temporary directory that is removed afterwards. lld keeps global
// state while it links and is not reentrant: links are serialized. Every
// link also resets all of LLVM's command-line options to their defaults,
// which any compile may be reading, so whole compiles take turns
// (compiler/Compiler.cpp); the lock here covers callers outside a compile.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Linker.h"

#include "lld/Common/Driver.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

namespace loom::cpu {
namespace {

std::mutex linkMutex;

bool writeFile(llvm::StringRef path, llvm::StringRef bytes,
               std::string &error) {
  std::error_code code;
  llvm::raw_fd_ostream stream(path, code, llvm::sys::fs::OF_None);
  if (code) {
    error = "cannot write " + path.str() + ": " + code.message();
    return false;
  }
  stream << bytes;
  stream.close();
  if (stream.has_error()) {
    error = "cannot write " + path.str() + ": " + stream.error().message();
    stream.clear_error();
    return false;
  }
  return true;
}

} // namespace

mlir::FailureOr<ByteBuffer>
linkSharedObject(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> objects,
                 llvm::ArrayRef<std::string> exportedSymbols,
                 std::string &error) {
  llvm::SmallString<128> directory;
  if (std::error_code code =
          llvm::sys::fs::createUniqueDirectory("loom-cpu-link", directory)) {
    error = "cannot create a temporary directory: " + code.message();
    return mlir::failure();
  }
  std::vector<std::string> files;
  llvm::scope_exit removeFiles([&] {
    for (const std::string &file : files)
      llvm::sys::fs::remove(file);
    llvm::sys::fs::remove(directory);
  });
  auto pathOf = [&](llvm::StringRef name) {
    llvm::SmallString<128> path(directory);
    llvm::sys::path::append(path, name);
    files.push_back(path.str().str());
    return files.back();
  };

  std::vector<std::string> arguments = {"ld.lld", "-shared", "--eh-frame-hdr",
                                        "-O2", "--gc-sections"};
  for (auto [index, object] : llvm::enumerate(objects)) {
    std::string path = pathOf("input" + std::to_string(index) + ".o");
    if (!writeFile(path,
                   llvm::StringRef(reinterpret_cast<const char *>(object.data()),
                                   object.size()),
                   error))
      return mlir::failure();
    arguments.push_back(path);
  }
  // A version script makes every symbol local except the exported ones, so
  // kernels from different libraries, and the micro-kernels, never clash.
  std::string script = "{\n  global:\n";
  for (const std::string &symbol : exportedSymbols)
    script += "    " + symbol + ";\n";
  script += "  local: *;\n};\n";
  std::string scriptPath = pathOf("exports.map");
  if (!writeFile(scriptPath, script, error))
    return mlir::failure();
  arguments.push_back("--version-script=" + scriptPath);
  std::string outputPath = pathOf("kernels.so");
  arguments.push_back("-o");
  arguments.push_back(outputPath);

  std::vector<const char *> argv;
  for (const std::string &argument : arguments)
    argv.push_back(argument.c_str());
  std::string messages;
  llvm::raw_string_ostream messageStream(messages);
  lld::Result result;
  {
    std::lock_guard<std::mutex> lock(linkMutex);
    result = lld::lldMain(argv, messageStream, messageStream,
                          {{lld::Gnu, &lld::elf::link}});
  }
  if (result.retCode != 0) {
    error = "lld failed: " + messages;
    // lld could not clean up after itself (it crashed): later links in this
    // process are not safe either.
    if (!result.canRunAgain)
      error += " (lld cannot be used again in this process)";
    return mlir::failure();
  }

  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> output =
      llvm::MemoryBuffer::getFile(outputPath, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!output) {
    error = "cannot read the linked library: " + output.getError().message();
    return mlir::failure();
  }
  llvm::StringRef bytes = (*output)->getBuffer();
  return ByteBuffer(bytes.bytes_begin(), bytes.bytes_end());
}

} // namespace loom::cpu
