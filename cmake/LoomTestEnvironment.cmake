# LOOM_UNINSTRUMENTED_TEST_ENV: the environment of tests that load Loom's
# libraries into programs built without sanitizers (Debian's python3; an
# outside project built against an install). In a sanitizer build
# (scripts/sanitize.sh) those libraries need the sanitizer runtimes loaded
# first, so such tests preload them and leave out leak checking, which
# would report the uninstrumented program's own allocations. ASAN_OPTIONS
# replaces scripts/sanitize.sh's, so it repeats allow_user_poisoning=0 (see
# there: LLVM's allocator poisoning gives false reports). Empty in a normal
# build.
set(LOOM_UNINSTRUMENTED_TEST_ENV)
string(TOUPPER "${CMAKE_BUILD_TYPE}" loom_build_type)
set(loom_flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${loom_build_type}}")
set(loom_preload)
foreach(pair "address;asan" "undefined;ubsan")
  list(GET pair 0 sanitizer)
  list(GET pair 1 runtime)
  if(loom_flags MATCHES "-fsanitize=[^ ]*${sanitizer}")
    execute_process(
      COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=lib${runtime}.so
      OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
    list(APPEND loom_preload ${path})
  endif()
endforeach()
set(LOOM_SANITIZED OFF)
if(loom_preload)
  set(LOOM_SANITIZED ON)
  string(REPLACE ";" ":" loom_preload "${loom_preload}")
  set(LOOM_UNINSTRUMENTED_TEST_ENV
      "LD_PRELOAD=${loom_preload}"
      "ASAN_OPTIONS=detect_leaks=0:allow_user_poisoning=0")
endif()

# loom_label_large_model(TEST MODEL): a test that runs a network of
# test/models other than its MLP (ResNet-18 and -50, MobileNetV2, the GPT
# decoder, the LSTM language model) from end to end gets the label
# large-model. scripts/sanitize.sh leaves these out of the instrumented
# pass, as issue 13 allows when CI's 90 minutes forbid the whole suite:
# instrumented, each takes 20 s to 8 minutes, and the code they run is run
# there by the unit, lit and differential tests and by the same tests on
# the MLP (docs/testing.md, "Sanitizers").
function(loom_label_large_model test model)
  if(NOT model MATCHES "^mlp")
    set_property(TEST ${test} APPEND PROPERTY LABELS large-model)
  endif()
endfunction()

# loom_mpi_test(TEST...): tests that start Open MPI jobs get the label mpi
# (ctest -L mpi runs them). In a sanitizer build they also take the slow
# unwinder on malloc: Open MPI's plug-ins have no frame pointers and are
# unloaded by MPI_Finalize, so the fast unwinder stops a leak's stack in
# "<unknown module>" before it reaches the library that scripts/lsan.supp
# names. Every other test keeps the fast unwinder, which costs a third of
# the slow one's CPU time in a malloc-heavy process such as loomc.
function(loom_mpi_test)
  foreach(test ${ARGN})
    set_property(TEST ${test} APPEND PROPERTY LABELS mpi)
    if(LOOM_SANITIZED)
      set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT_MODIFICATION
        "ASAN_OPTIONS=string_append::fast_unwind_on_malloc=0")
    endif()
  endforeach()
endfunction()
