# The shared libraries (docs/install.md): libloom_runtime.so, the runtime's C
# and C++ APIs without LLVM/MLIR, and libloom_compiler.so, the compiler's,
# linked against libloom_runtime.so and LLVM's and MLIR's shared libraries.
# Each is made of the objects of the static libraries the tools link, which
# are therefore built position independent. In the build tree and in an
# install they are the targets Loom::runtime and Loom::compiler; the Python
# extension and examples/embed link them.

include(GNUInstallDirs)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)

# The static libraries (of this project, not imported) that `target` links,
# directly or through others, `target` included.
function(loom_static_closure target out)
  set(seen)
  set(todo ${target})
  while(todo)
    list(POP_FRONT todo item)
    if(NOT TARGET ${item} OR item IN_LIST seen)
      continue()
    endif()
    get_target_property(imported ${item} IMPORTED)
    get_target_property(type ${item} TYPE)
    if(imported OR NOT type STREQUAL "STATIC_LIBRARY")
      continue()
    endif()
    list(APPEND seen ${item})
    get_target_property(links ${item} LINK_LIBRARIES)
    if(links)
      foreach(link ${links})
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" link "${link}")
        list(APPEND todo ${link})
      endforeach()
    endif()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

# Every library that ends up inside one of the shared libraries: the runtime
# and what it links, and the compiler and what it links but the runtime's.
loom_static_closure(loom_runtime LOOM_RUNTIME_ARCHIVES)
loom_static_closure(LoomCompiler LOOM_COMPILER_ARCHIVES)
list(REMOVE_ITEM LOOM_COMPILER_ARCHIVES ${LOOM_RUNTIME_ARCHIVES})
message(STATUS "libloom_runtime.so: ${LOOM_RUNTIME_ARCHIVES}")
message(STATUS "libloom_compiler.so: ${LOOM_COMPILER_ARCHIVES}")
set_target_properties(${LOOM_RUNTIME_ARCHIVES} ${LOOM_COMPILER_ARCHIVES}
  PROPERTIES POSITION_INDEPENDENT_CODE ON)

# Where the shared libraries are built, so that programs in the build tree
# find them through one RPATH entry.
set(LOOM_LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib)

function(loom_objects_of out)
  set(objects)
  foreach(archive ${ARGN})
    list(APPEND objects $<TARGET_OBJECTS:${archive}>)
  endforeach()
  set(${out} ${objects} PARENT_SCOPE)
endfunction()

loom_objects_of(LOOM_RUNTIME_OBJECTS ${LOOM_RUNTIME_ARCHIVES})
add_library(loom_runtime_shared SHARED ${LOOM_RUNTIME_OBJECTS})
# The archives themselves come after the objects on the link line, so none of
# their members is taken again; they bring what they link (fmt, xxHash, ...).
target_link_libraries(loom_runtime_shared
  PUBLIC Threads::Threads
  PRIVATE ${LOOM_RUNTIME_ARCHIVES})
target_include_directories(loom_runtime_shared INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
  $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/loom>)
set_target_properties(loom_runtime_shared PROPERTIES
  OUTPUT_NAME loom_runtime
  EXPORT_NAME runtime
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  LIBRARY_OUTPUT_DIRECTORY ${LOOM_LIBRARY_OUTPUT_DIRECTORY})
add_library(Loom::runtime ALIAS loom_runtime_shared)

loom_objects_of(LOOM_COMPILER_OBJECTS ${LOOM_COMPILER_ARCHIVES})
add_library(loom_compiler_shared SHARED ${LOOM_COMPILER_OBJECTS})
# libloom_runtime.so comes before the archives, so the runtime's symbols are
# its, not copies from libloom_runtime.a (checked by test/install).
target_link_libraries(loom_compiler_shared
  PUBLIC loom_runtime_shared
  PRIVATE ${LOOM_COMPILER_ARCHIVES})
# The C API (compiler/loom_compiler.h) needs nothing else; the C++ API
# (compiler/Compiler.h) includes LLVM's and MLIR's headers.
target_include_directories(loom_compiler_shared INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
  $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/loom>
  ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
set_target_properties(loom_compiler_shared PROPERTIES
  OUTPUT_NAME loom_compiler
  EXPORT_NAME compiler
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  LIBRARY_OUTPUT_DIRECTORY ${LOOM_LIBRARY_OUTPUT_DIRECTORY})
add_library(Loom::compiler ALIAS loom_compiler_shared)

# Every tool's --version: the generated loom/Version.h.
configure_file(${CMAKE_CURRENT_LIST_DIR}/Version.h.in
               ${PROJECT_BINARY_DIR}/loom/Version.h @ONLY)
