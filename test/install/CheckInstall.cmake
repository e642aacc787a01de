# ctest's install-package (test/install/CMakeLists.txt).
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DPYTHON=...
#         -DGENERATOR=... -DVERSION=... -P CheckInstall.cmake

function(run)
  cmake_parse_arguments(RUN "" "WORKING_DIRECTORY;OUTPUT" "COMMAND" ${ARGN})
  if(NOT RUN_WORKING_DIRECTORY)
    set(RUN_WORKING_DIRECTORY ${WORK_DIR})
  endif()
  execute_process(COMMAND ${RUN_COMMAND}
    WORKING_DIRECTORY ${RUN_WORKING_DIRECTORY}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err
    TIMEOUT 240)
  if(NOT status STREQUAL "0")
    string(REPLACE ";" " " line "${RUN_COMMAND}")
    message(FATAL_ERROR "${line} exited with ${status}:\n${out}\n${err}")
  endif()
  if(RUN_OUTPUT)
    set(${RUN_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(full ${WORK_DIR}/prefix)
set(runtime ${WORK_DIR}/runtime-prefix)

# 1. The whole install.
run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${full})
foreach(file
    bin/loomc bin/loom-run bin/loom-opt bin/loom-sim bin/loom-differential
    bin/loom-onnx-conformance
    lib/libloom_runtime.so lib/libloom_runtime.so.${VERSION}
    lib/libloom_compiler.so lib/libloom_compiler.so.${VERSION}
    include/loom/runtime/loom_runtime.h include/loom/runtime/Executor.h
    include/loom/runtime/artifact/loom_artifact_generated.h
    include/loom/compiler/loom_compiler.h include/loom/compiler/Compiler.h
    lib/cmake/Loom/LoomConfig.cmake lib/cmake/Loom/LoomConfigVersion.cmake
    lib/python3/dist-packages/loom/__init__.py)
  if(NOT EXISTS ${full}/${file})
    message(FATAL_ERROR "the install has no ${file}")
  endif()
endforeach()

# Versioned shared libraries: SONAME libNAME.so.MAJOR.
string(REGEX MATCH "^[0-9]+" major "${VERSION}")
foreach(library loom_runtime loom_compiler)
  run(COMMAND readelf -d ${full}/lib/lib${library}.so OUTPUT dynamic)
  if(NOT dynamic MATCHES "\\(SONAME\\)[^\n]*\\[lib${library}\\.so\\.${major}\\]")
    message(FATAL_ERROR "lib${library}.so has no SONAME lib${library}.so.${major}:\n${dynamic}")
  endif()
endforeach()
# The compiler library uses the runtime library's symbols, not copies
# (loom::numElementsOf is one the compiler calls).
run(COMMAND nm -D ${full}/lib/libloom_compiler.so OUTPUT symbols)
if(NOT symbols MATCHES " U _ZN4loom13numElementsOf")
  message(FATAL_ERROR "libloom_compiler.so holds a copy of the runtime")
endif()

# Every installed tool answers --version.
foreach(tool loomc loom-run loom-opt loom-sim loom-differential
             loom-onnx-conformance)
  run(COMMAND ${full}/bin/${tool} --version OUTPUT out)
  if(NOT out MATCHES "${tool} \\(Loom\\) ${VERSION}")
    message(FATAL_ERROR "${tool} --version printed '${out}'")
  endif()
endforeach()

# 2. examples/embed as an outside project against the install alone.
run(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/embed -B ${WORK_DIR}/embed
            -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
            -DCMAKE_PREFIX_PATH=${full} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
run(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/embed)
run(COMMAND ${CMAKE_COMMAND}
            -DPROGRAM=${WORK_DIR}/embed/loom-embed-example
            -DMODEL=${SOURCE_DIR}/examples/mlp.mlir
            "-DEXPECTED=output_0: -0\\.974[67] -0\\.974[67] -1\\.956[45] -1\\.956[45] -3\\.230[78] -3\\.230[78] -4\\.794[45] -4\\.794[45]"
            -P ${SOURCE_DIR}/examples/embed/CheckEmbed.cmake)
# It links the installed libraries, not the build tree's.
run(COMMAND ldd ${WORK_DIR}/embed/loom-embed-example OUTPUT libraries)
if(NOT libraries MATCHES "libloom_compiler\\.so\\.${major} => ${full}/lib/"
   OR libraries MATCHES "${BUILD_DIR}/lib/")
  message(FATAL_ERROR "loom-embed-example does not link the install:\n${libraries}")
endif()

# 3. The installed Python package with Debian's python3.
file(WRITE ${WORK_DIR}/check.py "import loom
import numpy as np
assert loom.__file__.startswith('${full}/'), loom.__file__
session = loom.Session(loom.compile('${SOURCE_DIR}/examples/mlp.mlir'))
x = (np.arange(32, dtype=np.float32) / 16 - 1).reshape(4, 8)
print(np.round(session(x)[:, 0], 2))
")
run(COMMAND ${CMAKE_COMMAND} -E env
            PYTHONPATH=${full}/lib/python3/dist-packages PYTHONDONTWRITEBYTECODE=1
            ${PYTHON} ${WORK_DIR}/check.py
    OUTPUT out)
if(NOT out MATCHES "^\\[-0\\.97 -1\\.96 -3\\.23 -4\\.79\\]\n$")
  message(FATAL_ERROR "the installed Python package printed '${out}'")
endif()

# 4. The runtime alone: no compiler, no LLVM or MLIR header or library.
run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${runtime}
            --component runtime)
foreach(absent bin/loomc lib/libloom_compiler.so include/loom/compiler
               lib/cmake/Loom/LoomCompilerTargets.cmake)
  if(EXISTS ${runtime}/${absent})
    message(FATAL_ERROR "the runtime component installs ${absent}")
  endif()
endforeach()
file(GLOB_RECURSE installed RELATIVE ${runtime} ${runtime}/*)
foreach(file ${installed})
  if(file MATCHES "\\.(h|cmake)$")
    file(READ ${runtime}/${file} text)
    if(text MATCHES "(include [<\"](llvm|mlir)/|llvm-22)")
      message(FATAL_ERROR "${file} of the runtime component refers to LLVM/MLIR")
    endif()
  endif()
endforeach()
run(COMMAND readelf -d ${runtime}/lib/libloom_runtime.so OUTPUT dynamic)
if(dynamic MATCHES "(LLVM|MLIR)")
  message(FATAL_ERROR "libloom_runtime.so needs LLVM or MLIR:\n${dynamic}")
endif()
# A C++ program of every runtime header, built against that prefix alone,
# runs an artifact the build's loomc made.
run(COMMAND ${BUILD_DIR}/tools/loomc/loomc ${SOURCE_DIR}/examples/mlp.mlir
            -o ${WORK_DIR}/mlp.loom)
run(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/test/install/runtime-consumer
            -B ${WORK_DIR}/runtime-consumer -G ${GENERATOR}
            -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${runtime}
            -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
run(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/runtime-consumer)
run(COMMAND ${WORK_DIR}/runtime-consumer/runtime-consumer ${WORK_DIR}/mlp.loom
    OUTPUT out)
if(NOT out MATCHES "^output_0: 4x2xf32 -0\\.974[67] -1\\.956[45] -3\\.230[78] -4\\.794[45]\n$")
  message(FATAL_ERROR "runtime-consumer printed '${out}'")
endif()
# find_package(Loom COMPONENTS compiler) fails there, saying so.
file(WRITE ${WORK_DIR}/no-compiler/CMakeLists.txt
     "cmake_minimum_required(VERSION 3.20)\nproject(p C)\nfind_package(Loom REQUIRED COMPONENTS compiler)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/no-compiler
                        -B ${WORK_DIR}/no-compiler/build
                        -DCMAKE_PREFIX_PATH=${runtime}
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
# CMake wraps the message at a width, so where its lines break depends on
# the path's length: match it with the whitespace folded.
string(REGEX REPLACE "[ \t\r\n]+" " " err "${err}")
if(status STREQUAL "0" OR NOT err MATCHES "runtime component alone")
  message(FATAL_ERROR "find_package(Loom COMPONENTS compiler) did not fail on "
                      "the runtime install: ${err}")
endif()
message(STATUS "install-package: ok")
