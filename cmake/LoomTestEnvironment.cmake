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
if(loom_preload)
  string(REPLACE ";" ":" loom_preload "${loom_preload}")
  set(LOOM_UNINSTRUMENTED_TEST_ENV
      "LD_PRELOAD=${loom_preload}"
      "ASAN_OPTIONS=detect_leaks=0:allow_user_poisoning=0")
endif()
