//===- FuzzReplayMain.cpp - Runs a fuzz target without libFuzzer -------------===//
//
// Part of the Loom project.
//
// fuzz-replay [--mutations=N] [--extension=.EXT] FILE|DIR...
//
// Feeds every file (directories are walked for files named *.EXT, by
// default *.onnx) to LLVMFuzzerTestOneInput, then N deterministic mutations
// of each: byte flips, truncations and overwritten length fields. A crash
// fails the run, and so does finding no seeds (a missing corpus must not
// pass silently); the last input is in the log line printed before each one.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

void run(const std::string &bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()),
                         bytes.size());
}

void collect(const std::string &path, llvm::StringRef extension,
             std::vector<std::string> &files) {
  if (!llvm::sys::fs::is_directory(path)) {
    files.push_back(path);
    return;
  }
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(path, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::StringRef(it->path()).ends_with(extension))
      files.push_back(it->path());
}

} // namespace

int main(int argc, char **argv) {
  int mutations = 0;
  std::string extension = ".onnx";
  std::vector<std::string> paths, files;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg.consume_front("--mutations=")) {
      if (arg.getAsInteger(10, mutations) || mutations < 0) {
        llvm::errs() << "fuzz-replay: bad --mutations value\n";
        return 2;
      }
      continue;
    }
    if (arg.consume_front("--extension=")) {
      extension = arg.str();
      continue;
    }
    paths.push_back(arg.str());
  }
  // Options apply wherever they stand on the command line.
  for (const std::string &path : paths)
    collect(path, extension, files);
  if (files.empty()) {
    llvm::errs() << "fuzz-replay: no seed files\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  std::mt19937 random(12345); // deterministic: a failure reproduces
  size_t runs = 0;
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file, false, false);
    if (!buffer) {
      llvm::errs() << file << ": " << buffer.getError().message() << "\n";
      return 2;
    }
    std::string seed = (*buffer)->getBuffer().str();
    run(seed);
    ++runs;
    for (int m = 0; m < mutations && !seed.empty(); ++m) {
      std::string mutated = seed;
      size_t at = random() % mutated.size();
      switch (m % 3) {
      case 0: // flip one byte
        mutated[at] = static_cast<char>(mutated[at] ^ (1 + random() % 255));
        break;
      case 1: // truncate
        mutated.resize(at);
        break;
      case 2: // a large varint where a length or size may be
        mutated[at] = static_cast<char>(0xff);
        if (at + 1 < mutated.size())
          mutated[at + 1] = static_cast<char>(0x7f);
        break;
      }
      run(mutated);
      ++runs;
    }
  }
  llvm::outs() << "fuzz-replay: " << runs << " inputs from " << files.size()
               << " seeds, no crash\n";
  return 0;
}
