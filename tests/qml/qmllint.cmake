# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# The "qmllint" test: runs Qt's qmllint over the QML files of FILES (comma-separated) with the build
# tree's QML modules (IMPORT_DIR) and fails on any warning, so that the count stays at zero.
#   cmake -DQMLLINT=<qmllint> -DIMPORT_DIR=<build>/qml -DFILES=a.qml,b.qml -DWORK_DIR=<dir> -P qmllint.cmake
# First a canary: a file with a known mistake must be reported, which proves that qmllint runs, finds
# the module Phoenix and checks its types (qmllint says nothing at all for some failures).
foreach(_var QMLLINT IMPORT_DIR FILES WORK_DIR)
    if(NOT DEFINED ${_var})
        message(FATAL_ERROR "qmllint.cmake: -D${_var}=... is missing")
    endif()
endforeach()
string(REPLACE "," ";" _files "${FILES}")

file(MAKE_DIRECTORY ${WORK_DIR})
set(_canary ${WORK_DIR}/Canary.qml)
file(WRITE ${_canary} "import QtQml\nimport Phoenix\nPhoenixSocket { transport: PhoenixSocket.LongPoll; noSuchProperty: 1 }\n")
execute_process(COMMAND ${QMLLINT} -I ${IMPORT_DIR} ${_canary}
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT "${_out}${_err}" MATCHES "noSuchProperty" OR "${_out}${_err}" MATCHES "\"LongPoll\" not found")
    message(FATAL_ERROR "qmllint did not check the canary as expected (is ${IMPORT_DIR}/Phoenix built?):\n${_out}${_err}")
endif()

execute_process(COMMAND ${QMLLINT} -I ${IMPORT_DIR} ${_files}
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
string(STRIP "${_out}${_err}" _report)
list(LENGTH _files _count)
if(NOT _rc EQUAL 0 OR NOT _report STREQUAL "")
    message(FATAL_ERROR "qmllint (exit code ${_rc}) over ${_count} files:\n${_report}")
endif()
message(STATUS "qmllint: ${_count} files, no warnings")
