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
    const std::map<std::string, std::string> &options) const {
  for (const auto &option : options) {
    const std::string &key = option.first;
    size_t dot = key.find('.');
    if (dot == std::string::npos || !findByName(key.substr(0, dot)))
      return invalidArgument("driver option '" + key +
                             "' names no driver of this runtime (keys are "
                             "DRIVER.NAME; drivers: " +
                             names() + ")");
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
