# Writes the bytes of INPUT to OUTPUT as the body of a C array initializer
# (`0x7f,0x45,...`, 16 a line), for UkernelObjects.cpp to #include.
# Usage: cmake -DINPUT=<file> -DOUTPUT=<file> -P EmbedBytes.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" digits)
if(digits EQUAL 0)
  message(FATAL_ERROR "${INPUT} is empty")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
set(line "")
foreach(i RANGE 1 16)
  string(APPEND line "0x[0-9a-f][0-9a-f],")
endforeach()
string(REGEX REPLACE "(${line})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by EmbedBytes.cmake; do not edit.\n${bytes}\n")
# Keep the old file when nothing changed, so that its users do not rebuild.
execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different
                        "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
