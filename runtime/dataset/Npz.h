//===- Npz.h - NumPy .npz files -----------------------------------*- C++
//-*-===//
//
// Part of the Loom project.
//
// The arrays of an .npz file as np.savez writes it: a zip archive of .npy
// files, each stored uncompressed (np.savez_compressed's deflated entries
// are refused with a line saying so). Zip64 fields, which NumPy writes, are
// read; every offset and size is checked against the file before it is
// used, and each entry is parsed by the .npy reader (runtime/Npy.h).
// The writer produces the same kind of archive (stored .npy entries with
// their CRC-32s), which np.load reads: the training loop's state and
// checkpoints (docs/training.md) and loomc --initial-state.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DATASET_NPZ_H
#define LOOM_RUNTIME_DATASET_NPZ_H

#include "runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loom::dataset {

/// Named arrays, the names without ".npy", in the archive's order.
using NpzArrays = std::vector<std::pair<std::string, Tensor>>;

/// Parses the bytes of an .npz file; false with `error` (one line, no file
/// name) when they are not one.
bool parseNpz(std::string_view bytes, NpzArrays &out, std::string &error);

/// Reads an .npz file; errors name the file.
bool readNpz(const std::string &path, NpzArrays &out, std::string &error);

/// The zip archive of `arrays`, each a stored (uncompressed) entry
/// "NAME.npy" in the given order, as np.savez writes them. An archive past
/// 4 GiB (which would need zip64 fields) is refused: false with `error`.
bool serializeNpz(const NpzArrays &arrays, std::string &out,
                  std::string &error);

/// Writes `arrays` to `path` as an .npz file: to "PATH.tmp" first, then
/// renamed over `path`, so that a reader (or a checkpoint interrupted by a
/// crash) never sees half a file. Errors name the file.
bool writeNpz(const std::string &path, const NpzArrays &arrays,
              std::string &error);

/// The standard (zip, gzip, PNG) CRC-32 of `bytes`, continuing from `crc`.
uint32_t crc32(std::string_view bytes, uint32_t crc = 0);

} // namespace loom::dataset

#endif // LOOM_RUNTIME_DATASET_NPZ_H
