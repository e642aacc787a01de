//===- Executor.cpp - Running an artifact ---------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executor.h"

#include <string>

namespace loom {

namespace {

const char *targetName(artifact::Target target) {
  const char *name = artifact::EnumNameTarget(target);
  return name && *name ? name : "an unknown target";
}

} // namespace

Status Executor::load(const Artifact &artifact, const ExecutorOptions &options,
                      Executor &out, const DriverRegistry &drivers) {
  out = Executor();
  size_t programs = artifact.deviceCount();
  if (programs == 0)
    return notFound("the artifact has no device program");
  // Every program is checked before any is opened: an artifact whose
  // programs this runtime cannot all run is refused as a whole.
  for (size_t p = 0; p < programs; ++p) {
    artifact::Target target = artifact.device(p).target();
    if (!drivers.find(target))
      return unimplemented(
          "device program " + std::to_string(p) + " targets " +
          targetName(target) + ", which this runtime has no driver for "
          "(drivers: " + drivers.names() + ")");
  }
  if (programs > 1)
    return unimplemented("the artifact has " + std::to_string(programs) +
                         " device programs; this runtime runs artifacts "
                         "compiled for one device");

  DeviceOptions deviceOptions;
  deviceOptions.threads = options.threads;
  Executor loaded;
  loaded.model = &artifact;
  const Driver &driver = *drivers.find(artifact.device(0).target());
  LOOM_RETURN_IF_ERROR(driver.open(artifact, 0, deviceOptions, loaded.device));
  out = std::move(loaded);
  return Status::ok();
}

Status Executor::run(TensorList inputs, std::vector<Tensor> &outputs) const {
  outputs.clear();
  const std::vector<TensorSpec> &specs = model->inputs();
  if (inputs.size() != specs.size())
    return invalidArgument("the model has " + std::to_string(specs.size()) +
                           " inputs but " + std::to_string(inputs.size()) +
                           " were given");
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = specs[i];
    if (inputs[i].dtype() != spec.dtype || inputs[i].shape() != spec.shape)
      return invalidArgument("input '" + spec.name + "' is " +
                             shapeString(inputs[i].shape(), inputs[i].dtype()) +
                             " but the model expects " +
                             shapeString(spec.shape, spec.dtype));
  }
  return device->run(inputs, outputs);
}

Status run(const Artifact &artifact, TensorList inputs,
           std::vector<Tensor> &outputs, const ExecutorOptions &options) {
  outputs.clear();
  Executor executor;
  LOOM_RETURN_IF_ERROR(Executor::load(artifact, options, executor));
  return executor.run(inputs, outputs);
}

} // namespace loom
