//===- MakeSymbolArtifacts.cpp - Writes an artifact with a symbolic batch ---===//
//
// Part of the Loom project.
//
// loom-symbol-artifacts DIR: writes the model of SymbolModels.h (batch
// ?(<=4)) as DIR/model.loom, with inputs of batch 3 (x3.npy, y3.npy), of
// batch 2 (y2.npy) and of batch 5 (x5.npy, y5.npy), one of a wrong static
// dimension (y3x2.npy), and the output z of batch 3 (z3.npy), for the
// loom-run tests.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"
#include "test/runtime/MeshModels.h"
#include "test/runtime/SymbolModels.h"

#include <fstream>
#include <iostream>
#include <sys/stat.h>

using namespace loom;

/// rows x 3 values base + step * i.
static Tensor batch(int64_t rows, double base, double step = 0.5) {
  std::vector<double> values;
  for (int64_t i = 0; i < rows * 3; ++i)
    values.push_back(base + step * double(i));
  return Tensor::fromDoubles(DType::F32, {rows, 3}, values);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: loom-symbol-artifacts DIR\n";
    return 1;
  }
  std::string dir = argv[1];
  ::mkdir(dir.c_str(), 0755);
  ByteBuffer code = test::readBytes(LOOM_TEST_KERNELS);
  ByteBuffer model = test::writeSymbolModel(test::SymbolModel(), code);
  std::ofstream file(dir + "/model.loom", std::ios::binary);
  file.write(reinterpret_cast<const char *>(model.data()), model.size());
  // z = 2 * (x + y) = 22 + 2 i, with x = 1 + 0.5 i and y = 10 + 0.5 i.
  std::string error;
  if (code.empty() || !file.flush() ||
      !writeNpy(dir + "/x3.npy", batch(3, 1), error) ||
      !writeNpy(dir + "/y3.npy", batch(3, 10), error) ||
      !writeNpy(dir + "/y2.npy", batch(2, 10), error) ||
      !writeNpy(dir + "/x5.npy", batch(5, 1), error) ||
      !writeNpy(dir + "/y5.npy", batch(5, 10), error) ||
      !writeNpy(dir + "/z3.npy", batch(3, 22, 2), error) ||
      !writeNpy(dir + "/y3x2.npy",
                Tensor::fromDoubles(DType::F32, {3, 2}, {0, 1, 2, 3, 4, 5}),
                error)) {
    std::cerr << "loom-symbol-artifacts: cannot write into " << dir << " "
              << error << "\n";
    return 1;
  }
  return 0;
}
