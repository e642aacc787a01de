# Runs COMMAND (a list), which must exit 0, then compares the files of
# COMPARE (a list of pairs) byte for byte.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE result
                OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the command exited with ${result}")
endif()
list(LENGTH COMPARE count)
math(EXPR last "${count} - 1")
foreach(i RANGE 0 ${last} 2)
  math(EXPR j "${i} + 1")
  list(GET COMPARE ${i} actual)
  list(GET COMPARE ${j} expected)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${actual} ${expected}
                  RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "${actual} differs from ${expected}")
  endif()
  message("${actual} equals ${expected}")
endforeach()
