//===- UkernelObjectsTest.cpp - The embedded micro-kernel objects ---------===//
//
// Part of the Loom project.
//
// ukernelObject must return, byte for byte, the objects that the build
// compiled, as relocatable ELF objects for the host machine that lld can
// read in place, each naming the matmul entry points that code generation
// calls (CheckObjectSymbols.cmake checks every symbol of the files).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/UkernelObjects.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<unsigned char> readFile(const char *path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(file),
          std::istreambuf_iterator<char>()};
}

void expectRelocatableElf(loom::cpu::ObjectFile object) {
  ASSERT_GE(object.size, 64u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(object.data) % 64, 0u);
  EXPECT_EQ(std::memcmp(object.data, "\x7f" "ELF", 4), 0);
  EXPECT_EQ(object.data[4], 2) << "not ELFCLASS64";
  EXPECT_EQ(object.data[5], 1) << "not little-endian";
  uint16_t type, machine;
  std::memcpy(&type, object.data + 16, 2);
  std::memcpy(&machine, object.data + 18, 2);
  EXPECT_EQ(type, 1) << "not ET_REL";
#if defined(__x86_64__)
  EXPECT_EQ(machine, 62) << "not EM_X86_64";
#endif
}

TEST(UkernelObjectsTest, Avx2FmaObjectIsTheCompiledOne) {
  loom::cpu::ObjectFile object = loom::cpu::ukernelObject(/*avx2Fma=*/true);
  expectRelocatableElf(object);
  std::vector<unsigned char> onDisk = readFile(LOOM_UKERNEL_AVX2FMA_OBJECT);
  ASSERT_EQ(object.size, onDisk.size());
  EXPECT_EQ(std::memcmp(object.data, onDisk.data(), object.size), 0);
}

TEST(UkernelObjectsTest, GenericObjectIsTheCompiledOne) {
  loom::cpu::ObjectFile object = loom::cpu::ukernelObject(/*avx2Fma=*/false);
  expectRelocatableElf(object);
  std::vector<unsigned char> onDisk = readFile(LOOM_UKERNEL_GENERIC_OBJECT);
  ASSERT_EQ(object.size, onDisk.size());
  EXPECT_EQ(std::memcmp(object.data, onDisk.data(), object.size), 0);
}

// Whether the object's bytes hold `name` as a whole string (a symbol's name
// in the string table is followed by its terminating zero).
bool namesSymbol(loom::cpu::ObjectFile object, const std::string &name) {
  const char *begin = reinterpret_cast<const char *>(object.data);
  const char *end = begin + object.size;
  const std::string needle = '\0' + name + '\0';
  return std::search(begin, end, needle.begin(), needle.end()) != end;
}

TEST(UkernelObjectsTest, BothObjectsNameTheMatmulEntryPoints) {
  for (bool avx2Fma : {true, false}) {
    loom::cpu::ObjectFile object = loom::cpu::ukernelObject(avx2Fma);
    for (const char *name :
         {"loom_ukernel_matmul_f32", "loom_ukernel_matmul_i8"})
      EXPECT_TRUE(namesSymbol(object, name))
          << (avx2Fma ? "AVX2+FMA" : "generic") << " object lacks " << name;
  }
}

} // namespace
