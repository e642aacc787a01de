# Fails unless OBJECT's undefined symbols are all in ALLOWED_UNDEFINED and
# its defined global symbols are exactly DEFINED, each of hidden visibility.
# Usage: cmake -DNM=<nm> -DREADELF=<readelf> -DOBJECT=<file>
#          -DALLOWED_UNDEFINED=<a;b> -DDEFINED=<a;b> -P CheckObjectSymbols.cmake

cmake_minimum_required(VERSION 3.20)

# `nm -P` prints "name type [value size]" a line in GNU and LLVM nm alike.
function(symbol_names out)
  execute_process(COMMAND "${NM}" -P ${ARGN} "${OBJECT}"
    OUTPUT_VARIABLE listing RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${OBJECT}")
  endif()
  string(REGEX REPLACE "\n$" "" listing "${listing}")
  string(REPLACE "\n" ";" lines "${listing}")
  set(names)
  foreach(line IN LISTS lines)
    string(REGEX MATCH "^[^ ]+" name "${line}")
    if(name)
      list(APPEND names ${name})
    endif()
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

symbol_names(undefined -u)
foreach(name IN LISTS undefined)
  if(NOT name IN_LIST ALLOWED_UNDEFINED)
    message(FATAL_ERROR "${OBJECT} needs `${name}`; kernel libraries "
                        "provide only ${ALLOWED_UNDEFINED}")
  endif()
endforeach()

symbol_names(defined -g --defined-only)
list(SORT defined)
set(expected ${DEFINED})
list(SORT expected)
if(NOT defined STREQUAL expected)
  message(FATAL_ERROR "${OBJECT} defines the global symbols `${defined}`, "
                      "expected `${expected}`")
endif()

execute_process(COMMAND "${READELF}" -sW "${OBJECT}"
  OUTPUT_VARIABLE table RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${READELF} failed on ${OBJECT}")
endif()
foreach(name IN LISTS expected)
  if(NOT table MATCHES "GLOBAL +HIDDEN +[0-9]+ +${name}\n")
    message(FATAL_ERROR "${name} in ${OBJECT} is not a hidden global")
  endif()
endforeach()
message(STATUS "${OBJECT}: undefined `${undefined}`, defines `${defined}`")
