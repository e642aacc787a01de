//===- Driver.cpp - The registry of the runtime's drivers -----------------===//
//
// Part of the Loom project.
//
// The built-in drivers come from runtime/drivers/Drivers.def, which CMake
// writes from the list of driver folders it builds: one
// `LOOM_DRIVER(Name)` line each, naming `std::unique_ptr<Driver>
// create<Name>Driver()`.
//
//===----------------------------------------------------------------------===//

#include "runtime/Driver.h"

#include <algorithm>

namespace loom {

#define LOOM_DRIVER(Name) std::unique_ptr<Driver> create##Name##Driver();
#include "runtime/drivers/Drivers.def"
#undef LOOM_DRIVER

const DriverRegistry &DriverRegistry::builtin() {
  static const DriverRegistry registry = [] {
    DriverRegistry drivers;
#define LOOM_DRIVER(Name) drivers.add(create##Name##Driver());
#include "runtime/drivers/Drivers.def"
#undef LOOM_DRIVER
    return drivers;
  }();
  return registry;
}

void DriverRegistry::add(std::unique_ptr<Driver> driver) {
  drivers.push_back(std::move(driver));
}

const Driver *DriverRegistry::findByName(const std::string &name) const {
  for (const std::unique_ptr<Driver> &driver : drivers)
    if (name == driver->name())
      return driver.get();
  return nullptr;
}

const Driver *DriverRegistry::find(artifact::Target target) const {
  for (const std::unique_ptr<Driver> &driver : drivers)
    if (driver->target() == target)
      return driver.get();
  return nullptr;
}

Status DriverRegistry::checkOptionKeys(
    const std::map<std::string, std::string> &options,
    const Artifact &artifact) const {
  for (const auto &option : options) {
    const std::string &key = option.first;
    size_t dot = key.find('.');
    const Driver *driver =
        dot == std::string::npos ? nullptr : findByName(key.substr(0, dot));
    if (!driver)
      return invalidArgument("driver option '" + key +
                             "' names no driver of this runtime (keys are "
                             "DRIVER.NAME; drivers: " +
                             names() + ")");
    // The drivers of the artifact's programs, in order of first use.
    std::vector<std::string> used;
    for (size_t p = 0; p < artifact.deviceCount(); ++p) {
      std::string name = find(artifact.device(p).target())->name();
      if (std::find(used.begin(), used.end(), name) == used.end())
        used.push_back(name);
    }
    if (std::find(used.begin(), used.end(), driver->name()) == used.end()) {
      std::string list;
      for (const std::string &name : used)
        list += (list.empty() ? "" : ", ") + name;
      return invalidArgument("driver option '" + key + "' is for the " +
                             driver->name() +
                             " driver, which runs no program of this "
                             "artifact (its programs run on: " +
                             list + ")");
    }
  }
  return Status::ok();
}

std::string DriverRegistry::names() const {
  std::string text;
  for (const std::unique_ptr<Driver> &driver : drivers)
    text += (text.empty() ? "" : ", ") + std::string(driver->name());
  return text;
}

} // namespace loom
