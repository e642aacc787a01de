# `cmake --install build --prefix DIR` (docs/install.md): the tools, the
# shared libraries, the public headers of the runtime's and the compiler's C
# and C++ APIs, the Python package (python/CMakeLists.txt) and the CMake
# package (find_package(Loom) with Loom::runtime and Loom::compiler). Two
# components: `runtime` (libloom_runtime, its headers, loom-run, loom-sim
# and the package files; no LLVM or MLIR anywhere) and `compiler` (the rest).

include(CMakePackageConfigHelpers)

# Installed programs keep the RPATH of LLVM's and MLIR's libraries and find
# Loom's shared libraries beside their own directory.
file(RELATIVE_PATH LOOM_BIN_TO_LIBDIR
     ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}
     ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR})
set(LOOM_RUNTIME_TOOLS loom-run loom-sim)
set(LOOM_COMPILER_TOOLS loomc loom-opt loom-differential loom-onnx-conformance)
set_target_properties(${LOOM_RUNTIME_TOOLS} ${LOOM_COMPILER_TOOLS}
  PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
set_target_properties(loom_runtime_shared loom_compiler_shared PROPERTIES
  INSTALL_RPATH "$ORIGIN"
  INSTALL_RPATH_USE_LINK_PATH TRUE)
# loom-sim's --version reads loom/Version.h from the build tree.
target_include_directories(loom-sim PRIVATE ${PROJECT_BINARY_DIR})

install(TARGETS ${LOOM_RUNTIME_TOOLS}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(TARGETS ${LOOM_COMPILER_TOOLS}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT compiler)

install(TARGETS loom_runtime_shared EXPORT LoomRuntimeTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
                NAMELINK_COMPONENT runtime)
install(TARGETS loom_compiler_shared EXPORT LoomCompilerTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT compiler
                NAMELINK_COMPONENT compiler)

# Headers keep their paths below include/loom, so that the API's
# `#include "runtime/loom_runtime.h"` works in and out of the build tree.
set(LOOM_RUNTIME_HEADERS
  runtime/loom_runtime.h
  runtime/Artifact.h runtime/ArtifactWriter.h runtime/ByteBuffer.h
  runtime/DType.h runtime/Driver.h runtime/Executor.h runtime/Float16.h
  runtime/KernelAbi.h runtime/MinMax.h runtime/Npy.h runtime/Result.h
  runtime/Status.h runtime/Tensor.h runtime/ThreadPool.h
  runtime/dataset/Dataset.h runtime/dataset/Example.h runtime/dataset/Npz.h
  runtime/dataset/TFRecord.h runtime/trace/Trace.h
  runtime/training/TrainLoop.h)
set(LOOM_COMPILER_HEADERS
  compiler/loom_compiler.h
  compiler/Compiler.h compiler/Report.h compiler/MemoryPlanner.h
  backends/target/Target.h evaluator/Evaluator.h)
foreach(header ${LOOM_RUNTIME_HEADERS})
  get_filename_component(dir ${header} DIRECTORY)
  install(FILES ${PROJECT_SOURCE_DIR}/${header}
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/loom/${dir}
          COMPONENT runtime)
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/runtime/artifact/loom_artifact_generated.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/loom/runtime/artifact
        COMPONENT runtime)
install(FILES ${PROJECT_BINARY_DIR}/loom/Version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/loom/loom
        COMPONENT runtime)
foreach(header ${LOOM_COMPILER_HEADERS})
  get_filename_component(dir ${header} DIRECTORY)
  install(FILES ${PROJECT_SOURCE_DIR}/${header}
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/loom/${dir}
          COMPONENT compiler)
endforeach()

set(LOOM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Loom)
install(EXPORT LoomRuntimeTargets NAMESPACE Loom::
        DESTINATION ${LOOM_INSTALL_CMAKEDIR} COMPONENT runtime)
install(EXPORT LoomCompilerTargets NAMESPACE Loom::
        DESTINATION ${LOOM_INSTALL_CMAKEDIR} COMPONENT compiler)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/LoomConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/LoomConfig.cmake
  INSTALL_DESTINATION ${LOOM_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/LoomConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/LoomConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/LoomConfigVersion.cmake
        DESTINATION ${LOOM_INSTALL_CMAKEDIR} COMPONENT runtime)
