//===- Mesh.cpp - Device meshes with named axes ------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/Mesh.h"

#include "ir/LoomDialect.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace loom::sharding {

std::optional<MeshAxis> Mesh::find(StringRef name) const {
  for (auto [index, axis] : llvm::enumerate(names))
    if (axis == name)
      return static_cast<MeshAxis>(index);
  return std::nullopt;
}

int64_t Mesh::product(ArrayRef<MeshAxis> axes) const {
  int64_t devices = 1;
  for (MeshAxis axis : axes)
    devices *= sizes[axis];
  return devices;
}

std::string Mesh::format(ArrayRef<MeshAxis> axes) const {
  if (axes.empty())
    return "_";
  if (axes.size() == 1)
    return names[axes.front()];
  std::string text = "(";
  for (auto [index, axis] : llvm::enumerate(axes))
    text += (index ? "," : "") + names[axis];
  return text + ")";
}

/// More devices than any machine has; the bound keeps every product of
/// axis sizes (Mesh::product) far from overflowing.
constexpr int64_t kMaxDevices = int64_t(1) << 16;

/// Axes are numbered by MeshAxis (int16_t); far fewer than that is already
/// more than any real mesh (Shardy and XLA meshes have a handful).
constexpr size_t kMaxAxes = 64;

/// Axis names are identifiers so that a spec (`[data,_]`) and an option
/// list can never be ambiguous; `_` alone means "not split".
static bool isAxisName(StringRef name) {
  if (name.empty() || name == "_" || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::optional<Mesh> parseMesh(StringRef text, std::string &error) {
  auto fail = [&](const Twine &why) -> std::optional<Mesh> {
    error = ("--mesh '" + text + "': " + why).str();
    return std::nullopt;
  };
  if (text.trim().empty())
    return fail("the mesh is empty; write it as NAME=SIZE,... (data=2,model=4)");
  Mesh mesh;
  int64_t devices = 1;
  SmallVector<StringRef> parts;
  text.split(parts, ',');
  for (StringRef part : parts) {
    part = part.trim();
    auto [name, sizeText] = part.split('=');
    name = name.trim();
    sizeText = sizeText.trim();
    if (!part.contains('=') || !isAxisName(name))
      return fail("'" + part + "' is not NAME=SIZE with NAME an identifier");
    int64_t size;
    if (sizeText.getAsInteger(10, size))
      return fail("the size of axis '" + name + "' is not an integer");
    if (size < 1)
      return fail("axis '" + name + "' has size " + Twine(size) +
                  "; sizes are at least 1");
    if (mesh.find(name))
      return fail("axis '" + name + "' is named twice");
    if (mesh.names.size() == kMaxAxes)
      return fail("the mesh has more than " + Twine(kMaxAxes) + " axes");
    if (size > kMaxDevices / devices)
      return fail("the mesh has more than " + Twine(kMaxDevices) + " devices");
    devices *= size;
    mesh.names.push_back(name.str());
    mesh.sizes.push_back(size);
  }
  return mesh;
}

std::optional<Mesh> meshOfGrid(shard::GridOp grid, std::string &error) {
  Mesh mesh;
  int64_t devices = 1;
  if (grid.getShape().size() > kMaxAxes) {
    error = ("grid @" + grid.getSymName() + " has more than " +
             Twine(kMaxAxes) + " axes")
                .str();
    return std::nullopt;
  }
  for (int64_t size : grid.getShape()) {
    if (ShapedType::isDynamic(size) || size < 1) {
      error = ("grid @" + grid.getSymName() +
               " has a dynamic or empty axis; sharding needs static sizes")
                  .str();
      return std::nullopt;
    }
    if (size > kMaxDevices / devices) {
      error = ("grid @" + grid.getSymName() + " has more than " +
               Twine(kMaxDevices) + " devices")
                  .str();
      return std::nullopt;
    }
    devices *= size;
    mesh.sizes.push_back(size);
  }
  auto names = grid->getAttrOfType<ArrayAttr>(
      LoomDialect::MeshAxesAttrHelper::getNameStr());
  if (!names) {
    for (unsigned axis = 0; axis < mesh.rank(); ++axis)
      mesh.names.push_back(std::to_string(axis));
    return mesh;
  }
  if (names.size() != mesh.rank()) {
    error = ("grid @" + grid.getSymName() + " has " + Twine(mesh.rank()) +
             " axes but " + Twine(names.size()) + " names in loom.mesh_axes")
                .str();
    return std::nullopt;
  }
  for (Attribute name : names) {
    auto string = dyn_cast<StringAttr>(name);
    if (!string || !isAxisName(string.getValue()) ||
        mesh.find(string.getValue())) {
      error = ("grid @" + grid.getSymName() +
               ": loom.mesh_axes must hold distinct identifier strings")
                  .str();
      return std::nullopt;
    }
    mesh.names.push_back(string.str());
  }
  return mesh;
}

} // namespace loom::sharding
