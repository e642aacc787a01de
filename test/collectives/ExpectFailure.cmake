# Runs COMMAND (a list) and passes when it exits non-zero and its output
# matches the regular expression EXPECT: a failure reported, not a hang or
# a crash without a message.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE result
                OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(result EQUAL 0)
  message(FATAL_ERROR "expected a non-zero exit, got 0")
endif()
if(NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "expected output matching: ${EXPECT}")
endif()
message("exit status ${result}, and the expected message")
