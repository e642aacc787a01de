//===- loom_runtime.cpp - The Loom runtime's C API -----------------------===//
//
// Part of the Loom project.
//
// Each entry point nulls its out-parameters, checks its arguments, and runs
// the C++ API inside a catch-all: the only exception the runtime can throw
// is std::bad_alloc, and it becomes LOOM_STATUS_RESOURCE_EXHAUSTED through a
// preallocated status, since allocating one could fail again.
//
//===----------------------------------------------------------------------===//

#include "runtime/loom_runtime.h"

#include "runtime/Artifact.h"

#include <new>
#include <string>

struct loom_status_s {
  loom_status_code_t code;
  std::string message;
};

struct loom_artifact_s {
  loom::Artifact artifact;
};

// The C enums are casts of the C++ ones; these keep them in step.
static_assert(LOOM_STATUS_INVALID_ARGUMENT ==
              static_cast<int>(loom::StatusCode::InvalidArgument));
static_assert(LOOM_STATUS_DATA_LOSS ==
              static_cast<int>(loom::StatusCode::DataLoss));
static_assert(LOOM_STATUS_UNIMPLEMENTED ==
              static_cast<int>(loom::StatusCode::Unimplemented));
static_assert(LOOM_STATUS_NOT_FOUND ==
              static_cast<int>(loom::StatusCode::NotFound));
static_assert(LOOM_STATUS_OUT_OF_RANGE ==
              static_cast<int>(loom::StatusCode::OutOfRange));
static_assert(LOOM_STATUS_RESOURCE_EXHAUSTED ==
              static_cast<int>(loom::StatusCode::ResourceExhausted));
static_assert(LOOM_STATUS_ABORTED ==
              static_cast<int>(loom::StatusCode::Aborted));
static_assert(LOOM_ELEMENT_TYPE_BF16 == static_cast<int>(loom::DType::BF16));
static_assert(LOOM_ELEMENT_TYPE_I64 == static_cast<int>(loom::DType::I64));

namespace {

loom_status_s outOfMemory{LOOM_STATUS_RESOURCE_EXHAUSTED, "out of memory"};

loom_status_t makeStatus(loom_status_code_t code, std::string message) {
  try {
    return new loom_status_s{code, std::move(message)};
  } catch (...) {
    return &outOfMemory;
  }
}

loom_status_t fromStatus(const loom::Status &status) {
  if (status.isOk())
    return nullptr;
  // The C codes extend the C++ ones with the same values.
  return makeStatus(static_cast<loom_status_code_t>(status.code()),
                    status.message());
}

/// Runs `body`, turning an escaping exception into a status.
template <typename Body> loom_status_t guarded(Body body) {
  try {
    return body();
  } catch (...) {
    return &outOfMemory;
  }
}

loom_status_t specAt(const loom_artifact_t *artifact, size_t index,
                     bool input, const loom::TensorSpec **out) {
  if (!artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the artifact is NULL");
  const std::vector<loom::TensorSpec> &specs =
      input ? artifact->artifact.inputs() : artifact->artifact.outputs();
  const char *noun = input ? "input" : "output";
  if (index >= specs.size())
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      std::string(noun) + " " + std::to_string(index) +
                          " is out of range; the artifact has " +
                          std::to_string(specs.size()) + " " + noun + "s");
  *out = &specs[index];
  return nullptr;
}

loom_status_t nameOf(const loom_artifact_t *artifact, size_t index,
                     bool input, const char **out_name) {
  if (!out_name)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_name is NULL");
  *out_name = nullptr;
  const loom::TensorSpec *spec = nullptr;
  LOOM_STATUS_RETURN_IF_ERROR(specAt(artifact, index, input, &spec));
  *out_name = spec->name.c_str();
  return nullptr;
}

loom_status_t shapeOf(const loom_artifact_t *artifact, size_t index,
                      bool input, loom_element_type_t *out_element_type,
                      size_t *out_rank, const int64_t **out_dims) {
  if (!out_element_type || !out_rank || !out_dims)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "an out-parameter is NULL");
  *out_element_type = LOOM_ELEMENT_TYPE_F32;
  *out_rank = 0;
  *out_dims = nullptr;
  const loom::TensorSpec *spec = nullptr;
  LOOM_STATUS_RETURN_IF_ERROR(specAt(artifact, index, input, &spec));
  *out_element_type = static_cast<loom_element_type_t>(spec->dtype);
  *out_rank = spec->shape.size();
  *out_dims = spec->shape.empty() ? nullptr : spec->shape.data();
  return nullptr;
}

} // namespace

extern "C" {

loom_status_code_t loom_status_code(loom_status_t status) {
  return status ? status->code : LOOM_STATUS_OK;
}

const char *loom_status_message(loom_status_t status) {
  return status ? status->message.c_str() : "";
}

void loom_status_free(loom_status_t status) {
  if (status != &outOfMemory)
    delete status;
}

loom_status_t loom_artifact_load_file(const char *path,
                                      loom_artifact_t **out_artifact) {
  if (!out_artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_artifact is NULL");
  *out_artifact = nullptr;
  if (!path)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the path is NULL");
  return guarded([&]() -> loom_status_t {
    auto *artifact = new loom_artifact_s();
    loom::Status status = loom::Artifact::loadFile(path, artifact->artifact);
    if (!status.isOk()) {
      delete artifact;
      return fromStatus(status);
    }
    *out_artifact = artifact;
    return nullptr;
  });
}

void loom_artifact_release(loom_artifact_t *artifact) { delete artifact; }

size_t loom_artifact_input_count(const loom_artifact_t *artifact) {
  return artifact ? artifact->artifact.inputs().size() : 0;
}

size_t loom_artifact_output_count(const loom_artifact_t *artifact) {
  return artifact ? artifact->artifact.outputs().size() : 0;
}

loom_status_t loom_artifact_input_name(const loom_artifact_t *artifact,
                                       size_t index, const char **out_name) {
  return guarded([&] { return nameOf(artifact, index, true, out_name); });
}

loom_status_t loom_artifact_output_name(const loom_artifact_t *artifact,
                                        size_t index, const char **out_name) {
  return guarded([&] { return nameOf(artifact, index, false, out_name); });
}

loom_status_t loom_artifact_input_shape(const loom_artifact_t *artifact,
                                        size_t index,
                                        loom_element_type_t *out_element_type,
                                        size_t *out_rank,
                                        const int64_t **out_dims) {
  return guarded([&] {
    return shapeOf(artifact, index, true, out_element_type, out_rank, out_dims);
  });
}

loom_status_t loom_artifact_output_shape(const loom_artifact_t *artifact,
                                         size_t index,
                                         loom_element_type_t *out_element_type,
                                         size_t *out_rank,
                                         const int64_t **out_dims) {
  return guarded([&] {
    return shapeOf(artifact, index, false, out_element_type, out_rank,
                   out_dims);
  });
}

} // extern "C"
