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
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DATASET_NPZ_H
#define LOOM_RUNTIME_DATASET_NPZ_H

#include "runtime/Tensor.h"

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

} // namespace loom::dataset

#endif // LOOM_RUNTIME_DATASET_NPZ_H
