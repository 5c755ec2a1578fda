# The public header stays lean: `#include "keras/keras.h"` must not reach the library's internals
# (anything under a detail/ folder, keras/graph/, keras/backend/), nor nlohmann/json's full
# header (public headers use keras/core/json_fwd.h), nor oneDNN or libtorch. Run by ctest as
#   cmake -DCXX=<compiler> -DSOURCE_DIR=<repo> -P tests/public_headers.cmake
# It asks the compiler itself for the headers a one-line program reaches (-M), prints how many,
# and fails naming each header that should not be there.
execute_process(
  COMMAND ${CXX} -std=c++20 -I${SOURCE_DIR} -M -x c++ -
  INPUT_FILE ${SOURCE_DIR}/tests/public_headers_user.cc
  OUTPUT_VARIABLE deps ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "keras/keras.h does not compile on its own:\n${errors}")
endif()
string(REPLACE "\\\n" " " deps "${deps}")
string(REGEX REPLACE "^[^:]*:" "" deps "${deps}")
separate_arguments(deps UNIX_COMMAND "${deps}")
set(project 0)
set(bad "")
foreach(header IN LISTS deps)
  if(header MATCHES "^${SOURCE_DIR}/keras/")
    math(EXPR project "${project} + 1")
  endif()
  if(header MATCHES "/keras/(.*/)?detail/|/keras/graph/|/keras/backend/|nlohmann/json\\.hpp|oneapi/dnnl|torch/")
    list(APPEND bad "${header}")
  endif()
endforeach()
list(LENGTH deps total)
message(STATUS "keras/keras.h reaches ${project} project headers, ${total} headers in all")
if(bad)
  list(JOIN bad "\n  " bad)
  message(FATAL_ERROR "keras/keras.h reaches internal headers:\n  ${bad}")
endif()
