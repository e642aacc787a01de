//===- BuiltinTargets.cpp - The targets the compiler was built with -------===//
//
// Part of the Loom project.
//
// CMake writes compiler/Targets.def from the list of backends it builds:
// one `LOOM_TARGET(Name)` line each, naming the backend's
// `void register<Name>Target(TargetRegistry &)`. Nothing else in the
// compiler names a target.
//
//===----------------------------------------------------------------------===//

#include "backends/target/Target.h"

namespace loom {

#define LOOM_TARGET(Name) void register##Name##Target(TargetRegistry &);
#include "compiler/Targets.def"
#undef LOOM_TARGET

const TargetRegistry &TargetRegistry::builtin() {
  static const TargetRegistry registry = [] {
    TargetRegistry targets;
#define LOOM_TARGET(Name) register##Name##Target(targets);
#include "compiler/Targets.def"
#undef LOOM_TARGET
    return targets;
  }();
  return registry;
}

} // namespace loom
