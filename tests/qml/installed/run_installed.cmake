# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Installs the build tree into a temporary prefix and runs tst_installed.qml against the QML module
# found there only (the test qml_installed):
#   cmake -DBUILD_DIR=... -DPREFIX=... -DQML_DIR=<relative qml dir> -DRUNNER=<qmltestrunner>
#         -DTEST_FILE=... -P run_installed.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed:\n${out}\n${err}")
endif()
foreach(file qmldir phoenixqml.qmltypes)
    if(NOT EXISTS "${PREFIX}/${QML_DIR}/Phoenix/${file}")
        message(FATAL_ERROR "not installed: ${QML_DIR}/Phoenix/${file}")
    endif()
endforeach()
set(ENV{QML_IMPORT_PATH} "${PREFIX}/${QML_DIR}")
set(ENV{QML2_IMPORT_PATH} "")
set(ENV{QT_QPA_PLATFORM} "offscreen")
execute_process(COMMAND "${RUNNER}" -input "${TEST_FILE}" RESULT_VARIABLE rc)
file(REMOVE_RECURSE "${PREFIX}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the installed QML module failed its test (${rc})")
endif()
