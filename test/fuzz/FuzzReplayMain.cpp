//===- FuzzReplayMain.cpp - Runs a fuzz target without libFuzzer -------------===//
//
// Part of the Loom project.
//
// fuzz-replay [--mutations=N] [--extension=.EXT]... [--split=MARKER]
//             FILE|DIR...
//
// Feeds every file (directories are walked for files named *.EXT, by
// default *.onnx; --extension may be repeated) to LLVMFuzzerTestOneInput,
// then N deterministic mutations of each: byte flips, truncations and
// overwritten length fields. With --split, a file is cut at every line that
// equals MARKER (`// -----`, as mlir-opt --split-input-file does) and each
// piece is a seed. A crash fails the run, and so does finding no seeds (a
// missing corpus must not pass silently). No LLVM: the runtime's targets
// link only what they fuzz.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

namespace fs = std::filesystem;

void run(const std::string &bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()),
                         bytes.size());
}

bool hasExtension(const std::string &path,
                  const std::vector<std::string> &extensions) {
  for (const std::string &extension : extensions)
    if (path.size() >= extension.size() &&
        path.compare(path.size() - extension.size(), extension.size(),
                     extension) == 0)
      return true;
  return false;
}

void collect(const std::string &path,
             const std::vector<std::string> &extensions,
             std::vector<std::string> &files) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    files.push_back(path);
    return;
  }
  for (fs::recursive_directory_iterator
           it(path, fs::directory_options::follow_directory_symlink, ec),
       end;
       it != end && !ec; it.increment(ec))
    if (it->is_regular_file(ec) && hasExtension(it->path().string(), extensions))
      files.push_back(it->path().string());
}

/// The pieces of `text` between lines equal to `marker`.
std::vector<std::string> split(const std::string &text,
                               const std::string &marker) {
  std::vector<std::string> pieces(1);
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line == marker) {
      pieces.emplace_back();
      continue;
    }
    pieces.back() += line;
    pieces.back() += '\n';
  }
  return pieces;
}

} // namespace

int main(int argc, char **argv) {
  long mutations = 0;
  std::vector<std::string> extensions, paths, files;
  std::string marker;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--mutations=", 0) == 0) {
      char *end = nullptr;
      mutations = std::strtol(arg.c_str() + 12, &end, 10);
      if (arg.size() == 12 || *end || mutations < 0) {
        std::cerr << "fuzz-replay: bad --mutations value\n";
        return 2;
      }
      continue;
    }
    if (arg.rfind("--extension=", 0) == 0) {
      extensions.push_back(arg.substr(12));
      continue;
    }
    if (arg.rfind("--split=", 0) == 0) {
      marker = arg.substr(8);
      continue;
    }
    paths.push_back(arg);
  }
  if (extensions.empty())
    extensions.push_back(".onnx");
  // Options apply wherever they stand on the command line.
  for (const std::string &path : paths)
    collect(path, extensions, files);
  if (files.empty()) {
    std::cerr << "fuzz-replay: no seed files\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  std::mt19937 random(12345); // deterministic: a failure reproduces
  size_t runs = 0, seeds = 0;
  for (const std::string &file : files) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
      std::cerr << file << ": cannot read the file\n";
      return 2;
    }
    std::ostringstream contents;
    contents << stream.rdbuf();
    std::vector<std::string> pieces;
    if (marker.empty())
      pieces.push_back(contents.str());
    else
      pieces = split(contents.str(), marker);
    for (const std::string &seed : pieces) {
      run(seed);
      ++runs;
      ++seeds;
      for (long m = 0; m < mutations && !seed.empty(); ++m) {
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
  }
  std::cout << "fuzz-replay: " << runs << " inputs from " << seeds
            << " seeds in " << files.size() << " files, no crash\n";
  return 0;
}
