#!/usr/bin/env bash
# Installs everything Loom needs to build and test, from Debian packages.
# Idempotent: packages already present are left as they are. Run as root.
set -euo pipefail

packages=(
  # Build tools
  cmake ninja-build ccache g++ python3
  # LLVM / MLIR 22 (lit and FileCheck come with llvm-22-tools)
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  # lld as a library: the CPU backend links kernel libraries in process
  liblld-22-dev lld-22
  # Libraries
  libflatbuffers-dev flatbuffers-compiler libfmt-dev
  # xxHash: the artifact's checksums (XXH3)
  libxxhash-dev
  libgtest-dev libgmock-dev
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  # Real models for the tests (exported with seeded random weights)
  python3-torch python3-torchvision python3-numpy
  # OpenBLAS: the peer of Loom's matmul in bench/
  libopenblas-dev
  # The onnx Python package: bench/quantized builds its cases with it
  python3-onnx
  # libFuzzer for scripts/fuzz.sh: clang of the same LLVM as the build
  clang-22 libclang-rt-22-dev
  # The Python package (python/): pybind11 and the headers of Debian's python3
  pybind11-dev python3-dev
  # Open MPI: multi-process execution of multi-device artifacts
  libopenmpi-dev openmpi-bin
  # nlohmann-json: the runtime's run traces (loom-run --trace)
  nlohmann-json3-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
