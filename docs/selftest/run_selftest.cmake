# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# The test docs_checker: Doxygen + check_docs.py over docs/selftest/broken.h must fail and report
# every mistake in it, so the docs check cannot silently pass.
#   cmake -DDOXYGEN=... -DPYTHON=... -DCHECKER=... -DSOURCE=<docs/selftest> -DWORK=<dir>
#         [-DQT_TAGFILE=<qtcore.tags>] -P run_selftest.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/Doxyfile "INPUT = ${SOURCE}/broken.h\nOUTPUT_DIRECTORY = ${WORK}\nGENERATE_HTML = NO\n"
    "GENERATE_LATEX = NO\nGENERATE_XML = YES\nQUIET = YES\nWARN_LOGFILE = ${WORK}/warnings.log\n")
if(QT_TAGFILE AND EXISTS "${QT_TAGFILE}")
    file(APPEND ${WORK}/Doxyfile "TAGFILES = ${QT_TAGFILE}=https://doc.qt.io/qt-6\n")
    set(qt_link_expected "the word Qt links to Qt's namespace page")
endif()
execute_process(COMMAND ${DOXYGEN} ${WORK}/Doxyfile WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "doxygen failed")
endif()
execute_process(COMMAND ${PYTHON} ${CHECKER} ${WORK}/xml RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc EQUAL 0)
    message(FATAL_ERROR "check_docs.py passed a header full of mistakes")
endif()
foreach(expected
        "enum value PhoenixBroken::State::Undocumented has no doc comment"
        "function PhoenixBroken::undocumented has no doc comment"
        "names a parameter 'typo' that take() does not have"
        "names vanishedFunction(), which does not exist"
        "names PhoenixNoSuchClass, which does not exist"
        "names PhoenixBroken::noSuchMember, which does not exist"
        "PhoenixBrokenDerived::timerEvent"
        "PhoenixBroken: its page shows #include of 'broken.h'"
        "class PhoenixBrokenDerived is in the reference but the main page's class tables do not list it"
        ${qt_link_expected})
    string(FIND "${out}" "${expected}" at)
    if(at EQUAL -1)
        message(SEND_ERROR "not reported: ${expected}")
    endif()
endforeach()
foreach(unexpected "'count'" "take()," "PhoenixBroken::State::Documented" "PhoenixBroken::call has"
        "class PhoenixBroken is in the reference")
    string(FIND "${out}" "${unexpected}" at)
    if(NOT at EQUAL -1)
        message(SEND_ERROR "wrongly reported: ${unexpected}")
    endif()
endforeach()
