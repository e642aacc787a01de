//===- Target.cpp - The registry of code generation targets ---------------===//
//
// Part of the Loom project.
//
// TargetRegistry::builtin() is defined by the compiler library
// (compiler/BuiltinTargets.cpp), which links every backend built.
//
//===----------------------------------------------------------------------===//

#include "backends/target/Target.h"

namespace loom {

TargetBackend::~TargetBackend() = default;

const char *hostPlacementReasonName(HostPlacementReason reason) {
  switch (reason) {
  case HostPlacementReason::NoCodeGenerator:
    return "no code generator";
  case HostPlacementReason::GeneratorRefused:
    return "generator refused";
  case HostPlacementReason::TooManyArguments:
    return "too many arguments";
  }
  return "";
}

bool TargetInfo::hasStage(llvm::StringRef stage) const {
  for (const TargetParameter &candidate : stages)
    if (candidate.name == stage)
      return true;
  return false;
}

std::string TargetInfo::stageNames() const {
  std::string text;
  for (const TargetParameter &stage : stages)
    text += (text.empty() ? "" : ", ") + stage.name;
  return text;
}

std::unique_ptr<TargetBackend>
TargetInfo::instantiate(const TargetConfig &config, std::string &error) const {
  for (const auto &[key, value] : config.options) {
    bool known = false;
    for (const TargetParameter &option : options)
      known |= option.name == key;
    if (!known) {
      std::string accepted;
      for (const TargetParameter &option : options)
        accepted += (accepted.empty() ? "" : ", ") + option.name;
      error = "target '" + name + "' has no option '" + key + "' (" +
              (accepted.empty() ? "it takes none" : "it takes " + accepted) +
              ")";
      return nullptr;
    }
  }
  return create(config);
}

void TargetRegistry::add(TargetInfo info) { entries.push_back(std::move(info)); }

const TargetInfo *TargetRegistry::find(llvm::StringRef name) const {
  for (const TargetInfo &info : entries)
    if (info.name == name)
      return &info;
  return nullptr;
}

std::string TargetRegistry::names() const {
  std::string text;
  for (const TargetInfo &info : entries)
    text += (text.empty() ? "" : ", ") + info.name;
  return text;
}

} // namespace loom
