# Runs COMMAND (a list), which must exit 0, and checks that its output
# (stdout and stderr together) matches every regular expression of EXPECT
# (a list).
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE result
                OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the command exited with ${result}")
endif()
foreach(expected IN LISTS EXPECT)
  if(NOT output MATCHES "${expected}")
    message(FATAL_ERROR "expected output matching: ${expected}")
  endif()
endforeach()
