//===- ShardingFlagsFuzzer.cpp - Fuzz target for loomc's flag syntax -----===//
//
// Part of the Loom project.
//
// libFuzzer entry point for the syntax of loomc's `--mesh=` and `--shard=`
// values (passes/sharding/Mesh.h, ShardingSpec.h). The first line of the
// input is a mesh, every further line a shard spec. Each must parse or be
// rejected with a one-line message, never crash, hang or abort.
// A mesh that parses prints back to the same mesh; a spec that resolves on
// it (against a tensor with 24 or a dynamic size in each dimension) prints
// (formatSharding) to a spec that resolves to the same sharding, and goes
// through the `#loom.sharding` attribute unchanged.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/ShardingSpec.h"
#include "test/fuzz/FuzzCheck.h"
#include "test/fuzz/FuzzDialects.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace loom::sharding;

namespace {

mlir::MLIRContext &context() {
  static std::unique_ptr<mlir::MLIRContext> context =
      loom::fuzz::createCompilerContext();
  return *context;
}

void checkSpec(llvm::StringRef line, const std::optional<Mesh> &mesh) {
  std::string error;
  std::optional<ShardSpec> spec = parseShardSpec(line, error);
  if (!spec) {
    LOOM_FUZZ_CHECK_MESSAGE(error);
    return;
  }
  if (!mesh || spec->dims.size() > 64)
    return;
  llvm::SmallVector<int64_t> shape;
  for (size_t dim = 0; dim < spec->dims.size(); ++dim)
    shape.push_back(dim % 2 ? mlir::ShapedType::kDynamic : 24);
  auto type = mlir::RankedTensorType::get(
      shape, mlir::Float32Type::get(&context()));
  std::optional<TensorSharding> sharding =
      resolveShardSpec(*spec, *mesh, type, error);
  if (!sharding) {
    LOOM_FUZZ_CHECK_MESSAGE(error);
    return;
  }
  std::string printed = "t=" + formatSharding(*sharding, *mesh);
  std::optional<ShardSpec> reparsed = parseShardSpec(printed, error);
  LOOM_FUZZ_CHECK(reparsed, "a printed sharding parses", error);
  std::optional<TensorSharding> again =
      resolveShardSpec(*reparsed, *mesh, type, error);
  LOOM_FUZZ_CHECK(again && *again == *sharding,
                  "a printed sharding resolves to the same sharding", printed);
  auto grid = mlir::FlatSymbolRefAttr::get(&context(), "mesh");
  LOOM_FUZZ_CHECK(fromAttr(toAttr(grid, *sharding)) == *sharding,
                  "a sharding goes through its attribute unchanged", printed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  std::string error;
  std::optional<Mesh> mesh = parseMesh(lines.front(), error);
  if (mesh) {
    std::string printed;
    for (unsigned axis = 0; axis < mesh->rank(); ++axis)
      printed += (axis ? "," : "") + mesh->names[axis] + "=" +
                 std::to_string(mesh->sizes[axis]);
    std::optional<Mesh> again = parseMesh(printed, error);
    LOOM_FUZZ_CHECK(again && again->names == mesh->names &&
                        again->sizes == mesh->sizes,
                    "a printed mesh parses to the same mesh", printed);
  } else {
    LOOM_FUZZ_CHECK_MESSAGE(error);
  }
  for (size_t i = 1; i < lines.size(); ++i)
    checkSpec(lines[i], mesh);
  return 0;
}
