//===- CubinResources.cpp - Kernels' resource use read from a cubin -------===//
//
// Part of the Loom project.
//
// NVIDIA does not document the cubin's layout; what is read here is what
// tools that read cubins agree on and what CUDA 13's ptxas writes (checked
// against `ptxas -v`, test/cuda/CubinResourcesTest.cpp):
//
// - `.nv.info` (every function) and `.nv.info.<kernel>` (one kernel) hold
//   records of a byte of format, a byte of attribute and a 16-bit field.
//   Format 4 (EIFMT_SVAL) is followed by as many bytes of payload as the
//   field says; formats 1-3 (none, a byte, a half-word) keep their value in
//   the field.
// - In `.nv.info`, EIATTR_REGCOUNT, EIATTR_FRAME_SIZE and
//   EIATTR_MIN_STACK_SIZE carry a 32-bit symbol index and a 32-bit value.
//   The minimum stack size includes the frames of the functions called.
// - In `.nv.info.<kernel>`, EIATTR_MAX_THREADS (`.maxntid`) and
//   EIATTR_REQNTID (`.reqntid`) carry three 32-bit dimensions.
// - `.nv.shared.<function>` and `.nv.local.<function>` (NOBITS) are sized
//   by the function's static shared and local variables. For sm_90 and
//   newer, ptxas also writes a `.nv.shared.reserved.0` section, and each
//   kernel's shared section then starts with the 1 KiB of shared memory
//   the driver reserves per block (on sm_80 too, without it being in the
//   cubin); that is left out, as `ptxas -v` leaves it out.
//
//===----------------------------------------------------------------------===//

#include "backends/cuda/CubinResources.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"

#include <algorithm>

namespace loom::cuda {
namespace {

using llvm::ArrayRef;
using llvm::StringRef;
using ELF = llvm::object::ELF64LEFile;

constexpr uint8_t kFormatSizedPayload = 4; // EIFMT_SVAL
constexpr uint8_t kAttrMaxThreads = 0x05;  // EIATTR_MAX_THREADS
constexpr uint8_t kAttrReqNtid = 0x10;     // EIATTR_REQNTID
constexpr uint8_t kAttrFrameSize = 0x11;   // EIATTR_FRAME_SIZE
constexpr uint8_t kAttrMinStack = 0x12;    // EIATTR_MIN_STACK_SIZE
constexpr uint8_t kAttrRegCount = 0x2f;    // EIATTR_REGCOUNT
/// The shared memory the driver reserves per block (sm_80 and newer), at
/// the start of a kernel's shared section where the cubin has a
/// `.nv.shared.reserved.N` section.
constexpr uint64_t kReservedSharedBytes = 1024;

uint32_t word(ArrayRef<uint8_t> bytes, size_t index) {
  return llvm::support::endian::read32le(bytes.data() + 4 * index);
}

/// Calls `visit(attribute, payload)` for each record of an .nv.info
/// section; the payload is empty for the formats without one.
llvm::Error
forEachRecord(StringRef section, ArrayRef<uint8_t> bytes,
              llvm::function_ref<void(uint8_t, ArrayRef<uint8_t>)> visit) {
  size_t offset = 0;
  while (offset < bytes.size()) {
    if (bytes.size() - offset < 4)
      return llvm::createStringError("%s: a record is cut off at byte %zu",
                                     section.str().c_str(), offset);
    uint8_t format = bytes[offset];
    uint8_t attribute = bytes[offset + 1];
    uint16_t field = llvm::support::endian::read16le(&bytes[offset + 2]);
    offset += 4;
    if (format < 1 || format > kFormatSizedPayload)
      return llvm::createStringError("%s: unknown record format %u at byte "
                                     "%zu",
                                     section.str().c_str(), format, offset - 4);
    if (format != kFormatSizedPayload) {
      visit(attribute, {});
      continue;
    }
    if (bytes.size() - offset < field)
      return llvm::createStringError("%s: a %u-byte payload runs past the "
                                     "section's end at byte %zu",
                                     section.str().c_str(), field, offset);
    visit(attribute, bytes.slice(offset, field));
    offset += field;
  }
  return llvm::Error::success();
}

/// What the sections of one function say, gathered by name.
struct Sections {
  uint64_t sharedBytes = 0;
  uint64_t localBytes = 0;
  uint64_t maxThreads = 0;
};

} // namespace

llvm::Expected<std::vector<CubinFunctionResources>>
readCubinResources(StringRef cubin) {
  llvm::Expected<ELF> file = ELF::create(cubin);
  if (!file)
    return file.takeError();
  auto sections = file->sections();
  if (!sections)
    return sections.takeError();

  llvm::StringMap<Sections> byName;
  // Symbol index -> value, from .nv.info.
  llvm::DenseMap<uint32_t, uint32_t> registers, frameSize, minStack;
  const ELF::Elf_Shdr *symbolTable = nullptr;
  bool sharedReserved = false;
  for (const ELF::Elf_Shdr &section : *sections) {
    if (section.sh_type == llvm::ELF::SHT_SYMTAB)
      symbolTable = &section;
    llvm::Expected<StringRef> name = file->getSectionName(section);
    if (!name)
      return name.takeError();
    StringRef function = *name;
    if (function.starts_with(".nv.shared.reserved.")) {
      sharedReserved = true;
    } else if (function.consume_front(".nv.shared.")) {
      byName[function].sharedBytes = section.sh_size;
    } else if (function.consume_front(".nv.local.")) {
      byName[function].localBytes = section.sh_size;
    } else if (function == ".nv.info" || function.consume_front(".nv.info.")) {
      llvm::Expected<ArrayRef<uint8_t>> bytes =
          file->getSectionContents(section);
      if (!bytes)
        return bytes.takeError();
      bool global = function == ".nv.info";
      llvm::Error error = forEachRecord(
          *name, *bytes, [&](uint8_t attribute, ArrayRef<uint8_t> payload) {
            if (global && payload.size() == 8) {
              if (attribute == kAttrRegCount)
                registers[word(payload, 0)] = word(payload, 1);
              else if (attribute == kAttrFrameSize)
                frameSize[word(payload, 0)] = word(payload, 1);
              else if (attribute == kAttrMinStack)
                minStack[word(payload, 0)] = word(payload, 1);
            } else if (!global && payload.size() == 12 &&
                       (attribute == kAttrMaxThreads ||
                        attribute == kAttrReqNtid)) {
              uint64_t threads = uint64_t(word(payload, 0)) * word(payload, 1) *
                                 word(payload, 2);
              uint64_t &recorded = byName[function].maxThreads;
              // .reqntid is the block size; .maxntid only bounds it.
              if (attribute == kAttrReqNtid || recorded == 0)
                recorded = threads;
            }
          });
      if (error)
        return std::move(error);
    }
  }
  if (!symbolTable)
    return llvm::createStringError("the cubin has no symbol table");
  auto symbols = file->symbols(symbolTable);
  if (!symbols)
    return symbols.takeError();
  auto strings = file->getStringTableForSymtab(*symbolTable);
  if (!strings)
    return strings.takeError();

  std::vector<CubinFunctionResources> functions;
  for (auto [index, symbol] : llvm::enumerate(*symbols)) {
    if (symbol.getType() != llvm::ELF::STT_FUNC || symbol.isUndefined())
      continue;
    llvm::Expected<StringRef> name = symbol.getName(*strings);
    if (!name)
      return name.takeError();
    auto registerCount = registers.find(index);
    if (registerCount == registers.end())
      continue;
    const Sections &found = byName[*name];
    CubinFunctionResources function;
    function.name = name->str();
    function.registers = registerCount->second;
    function.sharedBytes = found.sharedBytes;
    if (sharedReserved && function.sharedBytes >= kReservedSharedBytes)
      function.sharedBytes -= kReservedSharedBytes;
    function.localBytes =
        std::max(frameSize.lookup(index), minStack.lookup(index)) +
        found.localBytes;
    function.maxThreads = found.maxThreads;
    functions.push_back(std::move(function));
  }
  return functions;
}

} // namespace loom::cuda
