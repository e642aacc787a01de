//===- SymbolModels.cpp - Artifacts with dimension symbols for tests ------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "test/runtime/SymbolModels.h"

#include <cstring>

namespace loom::test {

using artifact::ArgumentAccess_Read;
using artifact::ArgumentAccess_Write;
using artifact::BufferKind_Arena;
using artifact::BufferKind_Constant;
using artifact::BufferKind_Input;
using artifact::BufferKind_Output;

ByteBuffer writeSymbolModel(const SymbolModel &m, ByteBuffer code) {
  float factor = m.factor;
  ByteBuffer factorBytes(sizeof factor);
  std::memcpy(factorBytes.data(), &factor, sizeof factor);
  ArtifactWriter writer("loom-test");
  writer.addDimSymbol(m.symbolName, m.bound);
  writer.addInput("x", DType::F32, m.xShape);
  writer.setInputDimSymbols(0, m.xSymbols);
  writer.addInput("y", DType::F32, m.yShape);
  writer.setInputDimSymbols(1, m.ySymbols);
  writer.addOutput("z", DType::F32, {4, 3});
  writer.setOutputDimSymbols(0, m.zSymbols);
  writer.addOutput("w", DType::F32, {4, 3});
  writer.setOutputDimSymbols(1, {0, -1});
  writer.addOutput("ids", DType::I32, {4, 6});
  writer.setOutputDimSymbols(2, {0, -1});
  writer.addConstant(std::move(factorBytes));
  if (m.mesh)
    writer.setMesh({"a"}, {1});
  if (m.version)
    writer.overrideSchemaVersion(m.version);
  writer.addBuffer(BufferKind_Input, 0, 48, 4, m.xBuffer);      // 0: x
  writer.addBuffer(BufferKind_Input, 1, 48, 4, m.yBuffer);      // 1: y
  writer.addBuffer(BufferKind_Constant, 0, 4, 4);               // 2: factor
  writer.addBuffer(BufferKind_Arena, 0, m.tBytes, 64, m.tBuffer); // 3: t
  writer.addBuffer(BufferKind_Output, 0, 48, 4, 0);             // 4: z
  writer.addBuffer(BufferKind_Output, 1, 48, 4, 0);             // 5: w
  writer.addBuffer(BufferKind_Output, 2, 96, 4, 0);             // 6: ids
  writer.setArenaSize(64);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    std::move(code),
                    {"add_f32", "scale_f32", "record_ids"});
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  auto access = [&](std::vector<artifact::ArgumentAccess> list) {
    return m.access ? list : std::vector<artifact::ArgumentAccess>{};
  };
  writer.addLaunch(cpu, 0, 0, {0, 1, 3}, {2},
                   access({ArgumentAccess_Read, ArgumentAccess_Read,
                           ArgumentAccess_Write}));
  writer.addLaunch(cpu, 0, 1, {3, 2, 4}, {2},
                   access({ArgumentAccess_Read, ArgumentAccess_Read,
                           ArgumentAccess_Write}));
  writer.addCopy(cpu, 3, 5, m.copyBytes, m.copySymbol);
  writer.addLaunch(cpu, 0, 2, {6}, {2, 3}, access({ArgumentAccess_Write}));
  if (m.extra)
    m.extra(writer, cpu);
  return writer.finish();
}

} // namespace loom::test
