//===- CpuExecutable.cpp - A loaded CPU kernel library --------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/cpu/CpuExecutable.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utility>

namespace loom {

namespace {

std::string errnoText() { return std::strerror(errno); }

Status writeAll(int fd, ByteSpan code, const std::string &where) {
  size_t done = 0;
  while (done < code.size) {
    ssize_t written = ::write(fd, code.data + done, code.size - done);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return resourceExhausted(where +
                               ": cannot write the code: " + errnoText());
    done += static_cast<size_t>(written);
  }
  return Status::ok();
}

/// An open descriptor holding the code, unseen by others: a memfd, or else
/// a temporary file that is already unlinked.
Status codeFile(ByteSpan code, const std::string &where, int &fd) {
  fd = ::memfd_create("loom-kernels", MFD_CLOEXEC);
  if (fd < 0) {
    const char *dir = std::getenv("TMPDIR");
    std::string path =
        std::string(dir && *dir ? dir : "/tmp") + "/loom-kernels-XXXXXX";
    fd = ::mkstemp(path.data());
    if (fd < 0)
      return resourceExhausted(where + ": cannot create a memfd or a " +
                               "temporary file: " + errnoText());
    ::unlink(path.c_str());
  }
  Status status = writeAll(fd, code, where);
  if (!status.isOk()) {
    ::close(fd);
    fd = -1;
  }
  return status;
}

} // namespace

CpuExecutable::CpuExecutable(CpuExecutable &&other) noexcept {
  *this = std::move(other);
}

CpuExecutable &CpuExecutable::operator=(CpuExecutable &&other) noexcept {
  if (this != &other) {
    reset();
    handle = std::exchange(other.handle, nullptr);
    fd = std::exchange(other.fd, -1);
    entries = std::move(other.entries);
    names = std::move(other.names);
    checks = std::move(other.checks);
  }
  return *this;
}

CpuExecutable::~CpuExecutable() { reset(); }

void CpuExecutable::reset() {
  if (handle)
    ::dlclose(handle);
  if (fd >= 0)
    ::close(fd);
  handle = nullptr;
  fd = -1;
  entries.clear();
  names.clear();
  checks.clear();
}

std::string
CpuExecutable::describeStatus(int32_t status,
                              const std::vector<uint64_t> &sizes) const {
  if (status > 0 && size_t(status) <= checks.size())
    return checks[size_t(status) - 1];
  if (status == LOOM_KERNEL_STATUS_BUFFER_COUNT)
    return "it was given " + std::to_string(sizes.size()) +
           " buffers, which is not the number it takes";
  int64_t buffer = int64_t(LOOM_KERNEL_STATUS_BUFFER_SIZE) - status;
  if (buffer >= 0 && size_t(buffer) < sizes.size())
    return "buffer " + std::to_string(buffer) + " of " +
           std::to_string(sizes.size()) + " (" +
           std::to_string(sizes[size_t(buffer)]) +
           " bytes) is smaller than it reads or writes";
  return {};
}

Status CpuExecutable::load(const Artifact &artifact, size_t library,
                           CpuExecutable &out) {
  out.reset();
  std::string where = "kernel library " + std::to_string(library);
  const artifact::KernelLibrary &table = artifact.library(library);
  if (table.target() != artifact::Target_Cpu ||
      table.format() != artifact::CodeFormat_ElfSharedObject)
    return unimplemented(where + " is " +
                         artifact::EnumNameTarget(table.target()) + " " +
                         artifact::EnumNameCodeFormat(table.format()) +
                         "; the CPU executor runs Cpu ElfSharedObject only");

  CpuExecutable loaded;
  LOOM_RETURN_IF_ERROR(
      codeFile(artifact.libraryCode(library), where, loaded.fd));
  std::string path = "/proc/self/fd/" + std::to_string(loaded.fd);
  loaded.handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!loaded.handle) {
    const char *error = ::dlerror();
    return dataLoss(where + " is not a loadable shared object: " +
                    (error ? error : "unknown dlopen error"));
  }

  auto *version = static_cast<const uint32_t *>(
      ::dlsym(loaded.handle, LOOM_KERNEL_ABI_VERSION_SYMBOL));
  if (!version)
    return dataLoss(where + " does not export " +
                    LOOM_KERNEL_ABI_VERSION_SYMBOL);
  if (*version != LOOM_KERNEL_ABI_VERSION)
    return unimplemented(where + " uses kernel ABI version " +
                         std::to_string(*version) + ", but this runtime " +
                         "supports version " +
                         std::to_string(LOOM_KERNEL_ABI_VERSION));

  // The messages of the library's run-time checks, when it has them: NUL-
  // terminated strings, one after another.
  auto *checksSize = static_cast<const uint32_t *>(
      ::dlsym(loaded.handle, LOOM_KERNEL_CHECKS_SIZE_SYMBOL));
  auto *checks =
      static_cast<const char *>(::dlsym(loaded.handle, LOOM_KERNEL_CHECKS_SYMBOL));
  if (checksSize && *checksSize && checks) {
    if (checks[*checksSize - 1] != '\0')
      return dataLoss(where + ": " + LOOM_KERNEL_CHECKS_SYMBOL +
                      " does not end with a NUL");
    for (const char *message = checks; message < checks + *checksSize;
         message += std::strlen(message) + 1)
      loaded.checks.emplace_back(message);
  }

  const auto *entryPoints = table.entry_points();
  for (size_t i = 0; entryPoints && i < entryPoints->size(); ++i) {
    std::string name = entryPoints->Get(i)->str();
    void *symbol = ::dlsym(loaded.handle, name.c_str());
    if (!symbol)
      return notFound(where + " has no entry point '" + name + "'");
    loaded.entries.push_back(reinterpret_cast<loom_kernel_entry_t>(symbol));
    loaded.names.push_back(std::move(name));
  }
  out = std::move(loaded);
  return Status::ok();
}

} // namespace loom
