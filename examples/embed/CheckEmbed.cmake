# ctest's example-embed: runs the embedding example on a model and requires
# it to exit 0, print nothing on stderr, and print exactly one line that
# matches EXPECTED (a regular expression). PASS_REGULAR_EXPRESSION alone
# would pass a run that printed the line and then failed.
#
#   cmake -DPROGRAM=... -DMODEL=... -DEXPECTED=... -P CheckEmbed.cmake
execute_process(COMMAND ${PROGRAM} ${MODEL}
  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors
  TIMEOUT 120)
message(STATUS "stdout: ${output}")
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "${PROGRAM} ${MODEL} exited with ${status}: ${errors}")
endif()
if(NOT errors STREQUAL "")
  message(FATAL_ERROR "${PROGRAM} ${MODEL} wrote to stderr: ${errors}")
endif()
if(NOT output MATCHES "^${EXPECTED}\n$")
  message(FATAL_ERROR "${PROGRAM} ${MODEL} printed '${output}', "
                      "not one line matching '${EXPECTED}'")
endif()
