//===- MakeSystolicArtifacts.cpp - Artifacts for loom-run's systolic tests ===//
//
// Part of the Loom project.
//
// loom-systolic-artifacts DIR: writes into DIR model.loom (systolicModel of
// SystolicModels.h), fault.loom (one launch of the faulting kernel),
// spin.loom (one launch of the kernel that loops forever), x.npy
// and y.npy, the model's outputs for them as z.npy and w.npy, and
// small.cfg, a chip whose MXUs have 64 rows.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "test/runtime/SystolicModels.h"

#include <cstring>
#include <fstream>
#include <iostream>
#include <sys/stat.h>

using namespace loom;

static bool writeFile(const std::string &path, const ByteBuffer &bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return bool(file);
}

static bool writeTensor(const std::string &path,
                        const std::vector<float> &values, std::string &error) {
  Tensor tensor(DType::F32, {8, 8});
  std::memcpy(tensor.bytes(), values.data(), 256);
  return writeNpy(path, tensor, error);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: loom-systolic-artifacts DIR\n";
    return 1;
  }
  std::string dir = argv[1];
  ::mkdir(dir.c_str(), 0755);
  std::vector<float> x = test::ramp(-4, 0.125f), y = test::ramp(7, -0.5f);
  std::vector<float> z, w;
  test::systolicExpected(x, y, z, w);
  std::string error;
  bool written =
      writeFile(dir + "/model.loom", test::systolicModel().finish()) &&
      writeFile(dir + "/fault.loom", test::systolicSingleLaunch(2).finish()) &&
      writeFile(dir + "/spin.loom", test::systolicSingleLaunch(3).finish()) &&
      writeTensor(dir + "/x.npy", x, error) &&
      writeTensor(dir + "/y.npy", y, error) &&
      writeTensor(dir + "/z.npy", z, error) &&
      writeTensor(dir + "/w.npy", w, error);
  std::ofstream config(dir + "/small.cfg");
  config << "[mxu]\nrows = 64\n";
  if (!written || !config) {
    std::cerr << "loom-systolic-artifacts: cannot write into " << dir << " "
              << error << "\n";
    return 1;
  }
  return 0;
}
