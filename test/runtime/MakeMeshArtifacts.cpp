//===- MakeMeshArtifacts.cpp - Artifacts for the runtime's MPI tests ------===//
//
// Part of the Loom project.
//
// loom-mesh-artifacts DIR: writes into DIR model.loom (the 2x2-mesh model
// of MeshModels.h), fail.loom (the same with device 3's kernel failing) and
// x.npy, its input.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "test/runtime/MeshModels.h"

#include <fstream>
#include <iostream>
#include <sys/stat.h>

using namespace loom;

static bool writeFile(const std::string &path, const ByteBuffer &bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return bool(file);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: loom-mesh-artifacts DIR\n";
    return 1;
  }
  std::string dir = argv[1];
  ::mkdir(dir.c_str(), 0755);
  ByteBuffer code = test::readBytes(LOOM_TEST_KERNELS);
  std::vector<double> values(24);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = 0.25 * double(i) - 2.5;
  std::string error;
  if (code.empty() ||
      !writeFile(dir + "/model.loom", test::mesh2x2(code).finish()) ||
      !writeFile(dir + "/fail.loom", test::mesh2x2(code, 3).finish()) ||
      !writeNpy(dir + "/x.npy", Tensor::fromDoubles(DType::F32, {4, 6}, values),
                error)) {
    std::cerr << "loom-mesh-artifacts: cannot write into " << dir << " "
              << error << "\n";
    return 1;
  }
  return 0;
}
