# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Checks that translation catalogs are complete and in sync with the sources (run by CTest):
#   cmake -DLUPDATE=<lupdate> -DPROJECT_FILE=<.lupdate/<target>_project.cmake> -DWORK_DIR=<tmp>
#         [-DLUPDATE_OPTIONS=<opts>] -P check_translations.cmake
# PROJECT_FILE is written by qt_add_translations (lupdate_sources, lupdate_include_paths,
# lupdate_translations). lupdate runs over the sources into copies of the .ts files in WORK_DIR;
# the check fails if a copy has an unfinished, obsolete or vanished entry: a string added to the
# sources (unfinished), removed from them (vanished/obsolete) or not translated yet.
foreach(var LUPDATE PROJECT_FILE WORK_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_translations.cmake: ${var} is not set")
    endif()
endforeach()
if(NOT EXISTS "${PROJECT_FILE}")
    message(FATAL_ERROR "No lupdate project ${PROJECT_FILE}: reconfigure the build")
endif()
include("${PROJECT_FILE}")
get_filename_component(project_root "${lupdate_project_file}" DIRECTORY)

set(sources)
foreach(path IN LISTS lupdate_sources)
    if(NOT IS_ABSOLUTE "${path}")
        get_filename_component(path "${path}" ABSOLUTE BASE_DIR "${project_root}")
    endif()
    if(EXISTS "${path}")
        list(APPEND sources "${path}")
    endif()
endforeach()
set(includes)
foreach(path IN LISTS lupdate_include_paths)
    list(APPEND includes "-I${path}")
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(copies)
foreach(ts IN LISTS lupdate_translations)
    if(NOT EXISTS "${ts}")
        message(FATAL_ERROR "Missing catalog ${ts}: build the target update_translations")
    endif()
    get_filename_component(name "${ts}" NAME)
    file(COPY "${ts}" DESTINATION "${WORK_DIR}")
    list(APPEND copies "${WORK_DIR}/${name}")
endforeach()

execute_process(COMMAND "${LUPDATE}" ${LUPDATE_OPTIONS} ${includes} ${sources} -ts ${copies}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${rc}):\n${out}\n${err}")
endif()

set(problems 0)
foreach(copy IN LISTS copies)
    get_filename_component(name "${copy}" NAME)
    file(READ "${copy}" content)
    # One list item per <message> element (semicolons, e.g. of &amp;, are masked first).
    string(REPLACE ";" "<semicolon>" content "${content}")
    string(REPLACE "</message>" "</message>;" messages "${content}")
    set(count 0)
    foreach(message IN LISTS messages)
        if(message MATCHES "type=\"(unfinished|obsolete|vanished)\"")
            set(kind "${CMAKE_MATCH_1}")
            string(REGEX MATCH "<source>([^<]*)</source>" _ "${message}")
            string(REPLACE "<semicolon>" ";" text "${CMAKE_MATCH_1}")
            if(kind STREQUAL "unfinished")
                set(why "not translated, or new in the sources")
            else()
                set(why "no longer in the sources (${kind})")
            endif()
            message("${name}: \"${text}\": ${why}")
            math(EXPR count "${count} + 1")
        endif()
    endforeach()
    if(count GREATER 0)
        message("${name}: ${count} entr(ies) to fix")
        math(EXPR problems "${problems} + ${count}")
    else()
        message("${name}: complete and in sync")
    endif()
endforeach()

if(problems GREATER 0)
    message(FATAL_ERROR "${problems} translation problem(s). Run `cmake --build <build> --target update_translations`, "
                        "translate the unfinished entries (e.g. with Qt Linguist) and commit the .ts files.")
endif()
