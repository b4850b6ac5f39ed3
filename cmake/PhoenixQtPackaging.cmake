# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Debian packages with CPack (see docs/packaging.md; scripts/package.sh does all of it):
#
#   cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX=/usr \
#         -DBUILD_SHARED_LIBS=ON -DPHOENIXQT_BUILD_TESTS=OFF -DPHOENIXQT_BUILD_EXAMPLES=OFF \
#         -DPHOENIXQT_BUILD_BENCHMARKS=OFF -DPHOENIXQT_BUILD_MANPAGES=ON
#   cmake --build build-deb && (cd build-deb && cpack -G DEB)
#
# One package per install component:
#   libphoenixqt<major>   runtime   libPhoenixQt.so.<major> (the SONAME, see docs/packaging.md)
#   libphoenixqt-dev      dev       headers, libPhoenixQt.so, CMake package, phoenixqt.pc
#   qml6-module-phoenix   qml       the QML module Phoenix in Qt's QML directory
#   phoenixqt-tools       tools     phoenix-cli and phoenix-devserver, with man pages
#   libphoenixqtoutbox<major>  outbox     libPhoenixQtOutbox.so.<major>, the durable outbox (Qt SQL)
#   libphoenixqtoutbox-dev     outboxdev  its headers, CMake targets (component Outbox), phoenixqt-outbox.pc
#   qml6-module-phoenix-outbox outboxqml  the QML module Phoenix.Outbox
# libphoenixqt<major> itself never depends on Qt SQL: only the outbox packages do.
# Man pages of phoenix-cli and phoenix-devserver, made from their --help with help2man and installed
# by `cmake --install` as by the packages: on by default where help2man is installed (not in
# sanitizer or fuzzer builds, whose tools are not meant to run at build time).
find_program(PHOENIXQT_HELP2MAN help2man)
if(PHOENIXQT_HELP2MAN AND NOT PHOENIXQT_SANITIZE AND NOT PHOENIXQT_BUILD_FUZZERS AND NOT CMAKE_CROSSCOMPILING)
    set(_phoenixqt_manpages_default ON)
else()
    set(_phoenixqt_manpages_default OFF)
endif()
option(PHOENIXQT_BUILD_MANPAGES "Generate and install man pages of the tools with help2man"
       ${_phoenixqt_manpages_default})
add_feature_info(ManPages PHOENIXQT_BUILD_MANPAGES "man pages of the tools, needs help2man (PHOENIXQT_BUILD_MANPAGES)")
set(PHOENIXQT_PACKAGE_MAINTAINER "PhoenixQt maintainers <maintainers@phoenixqt.example.org>" CACHE STRING
    "Maintainer field of the Debian packages: set your own when you publish packages")
set(PHOENIXQT_PACKAGE_RELEASE 1 CACHE STRING "Debian revision of the packages (<version>-<revision>)")

# phoenix-devserver is defined in tools/devserver; it is installed with the tools package.
if(TARGET phoenix-devserver)
    install(TARGETS phoenix-devserver RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)
endif()

# Man pages of the tools, from their --help (help2man).
if(PHOENIXQT_BUILD_MANPAGES AND PHOENIXQT_BUILD_TOOLS)
    if(NOT PHOENIXQT_HELP2MAN)
        message(FATAL_ERROR "PHOENIXQT_BUILD_MANPAGES needs help2man (apt-get install help2man)")
    endif()
    find_program(PHOENIXQT_GZIP gzip REQUIRED)
    set(_phoenixqt_manpages)
    foreach(_tool phoenix-cli phoenix-devserver)
        if(NOT TARGET ${_tool})
            continue()
        endif()
        if(_tool STREQUAL "phoenix-cli")
            set(_name "a terminal client for Phoenix Channels servers")
        else()
            set(_name "the PhoenixQt reference Phoenix Channels server")
        endif()
        set(_page ${CMAKE_CURRENT_BINARY_DIR}/man/${_tool}.1)
        add_custom_command(OUTPUT ${_page}.gz
            COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
            COMMAND ${CMAKE_COMMAND} -E env LANG=C LC_ALL=C QT_QPA_PLATFORM=offscreen
                    ${PHOENIXQT_HELP2MAN} --no-info --no-discard-stderr --section=1 --name=${_name}
                    --version-string=${PROJECT_VERSION} --output=${_page} $<TARGET_FILE:${_tool}>
            COMMAND ${PHOENIXQT_GZIP} -9nf ${_page}
            DEPENDS ${_tool}
            COMMENT "Man page of ${_tool}"
            VERBATIM)
        list(APPEND _phoenixqt_manpages ${_page}.gz)
    endforeach()
    add_custom_target(manpages ALL DEPENDS ${_phoenixqt_manpages})
    install(FILES ${_phoenixqt_manpages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tools)
endif()

set(_phoenixqt_components runtime dev tools)
if(TARGET phoenixqml)
    list(APPEND _phoenixqt_components qml)
endif()
if(TARGET PhoenixQtOutbox)
    list(APPEND _phoenixqt_components outbox outboxdev)
endif()
if(TARGET phoenixoutboxqml)
    list(APPEND _phoenixqt_components outboxqml)
endif()
set(_phoenixqt_deb_version "${PROJECT_VERSION}-${PHOENIXQT_PACKAGE_RELEASE}")
set(_phoenixqt_runtime_package libphoenixqt${PROJECT_VERSION_MAJOR})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${_phoenixqt_runtime_package})
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libphoenixqt-dev)
set(CPACK_DEBIAN_QML_PACKAGE_NAME qml6-module-phoenix)
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME phoenixqt-tools)
set(_phoenixqt_outbox_package libphoenixqtoutbox${PROJECT_VERSION_MAJOR})
set(CPACK_DEBIAN_OUTBOX_PACKAGE_NAME ${_phoenixqt_outbox_package})
set(CPACK_DEBIAN_OUTBOXDEV_PACKAGE_NAME libphoenixqtoutbox-dev)
set(CPACK_DEBIAN_OUTBOXQML_PACKAGE_NAME qml6-module-phoenix-outbox)

# Debian wants a copyright file and a changelog in /usr/share/doc/<package> of every package.
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${CMAKE_CURRENT_BINARY_DIR}/debian/copyright COPYONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog @ONLY)
execute_process(COMMAND gzip -9nc ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
                OUTPUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.Debian.gz RESULT_VARIABLE _rc)
foreach(_component IN LISTS _phoenixqt_components)
    string(TOUPPER ${_component} _upper)
    install(FILES ${CMAKE_CURRENT_BINARY_DIR}/debian/copyright ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.Debian.gz
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${CPACK_DEBIAN_${_upper}_PACKAGE_NAME}
            COMPONENT ${_component} EXCLUDE_FROM_ALL)
endforeach()

set(CPACK_PACKAGE_NAME phoenixqt)
set(CPACK_PACKAGE_VENDOR "The PhoenixQt authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${PHOENIXQT_PACKAGE_MAINTAINER}")
# CPackDeb puts a non-default CPACK_PACKAGE_DESCRIPTION_SUMMARY in front of every component's
# description; left at CPack's default, the first line of CPACK_DEBIAN_<COMPONENT>_DESCRIPTION is
# each package's synopsis, as Debian wants.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_COMPONENTS_ALL ${_phoenixqt_components})
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${PHOENIXQT_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PHOENIXQT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SOURCE phoenixqt)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libPhoenixQt.so.<major> is in the runtime package built alongside: dpkg-shlibdeps finds it in the
# build tree, and the packages that link it name their dependency on it themselves.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/src ${PROJECT_BINARY_DIR}/src/outbox)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# The linker cache is updated by dpkg's ldconfig trigger (lintian: lacks-ldconfig-trigger is an
# error). CPack also writes postinst/postrm calling ldconfig; harmless, and accepted
# (maintscript-calls-ldconfig, see docs/packaging.md).
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/triggers)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_OUTBOX_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/triggers)
set(CPACK_DEBIAN_OUTBOX_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_QML_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_OUTBOX_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_OUTBOXDEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_OUTBOXQML_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "${_phoenixqt_runtime_package} (= ${_phoenixqt_deb_version}), qt6-base-dev (>= 6.4), qt6-websockets-dev (>= 6.4)")
set(CPACK_DEBIAN_QML_PACKAGE_DEPENDS "${_phoenixqt_runtime_package} (= ${_phoenixqt_deb_version})")
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "${_phoenixqt_runtime_package} (= ${_phoenixqt_deb_version})")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "qml6-module-phoenix, phoenixqt-tools, libphoenixqtoutbox-dev")
# The outbox: Qt SQL's SQLite driver is a plugin, which dpkg-shlibdeps cannot see.
set(CPACK_DEBIAN_OUTBOX_PACKAGE_DEPENDS
    "${_phoenixqt_runtime_package} (= ${_phoenixqt_deb_version}), libqt6sql6-sqlite (>= 6.4)")
set(CPACK_DEBIAN_OUTBOXDEV_PACKAGE_DEPENDS
    "${_phoenixqt_outbox_package} (= ${_phoenixqt_deb_version}), libphoenixqt-dev (= ${_phoenixqt_deb_version}), qt6-base-dev (>= 6.4)")
set(CPACK_DEBIAN_OUTBOXQML_PACKAGE_DEPENDS
    "${_phoenixqt_outbox_package} (= ${_phoenixqt_deb_version}), qml6-module-phoenix (= ${_phoenixqt_deb_version})")

set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "Qt 6 client library for Phoenix Channels
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework: sockets, channels, pushes and presence as QObjects
with properties and signals, protocol V2 (JSON and binary frames) and V1.
.
This package contains the shared library.")
set(CPACK_DEBIAN_DEV_DESCRIPTION "Qt 6 client library for Phoenix Channels - development files
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework.
.
This package contains the headers, the CMake package (find_package(PhoenixQt))
and the pkg-config file (phoenixqt) needed to build programs with PhoenixQt.")
set(CPACK_DEBIAN_QML_DESCRIPTION "Qt 6 client library for Phoenix Channels - QML module
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework.
.
This package contains the QML module Phoenix (import Phoenix): PhoenixSocket,
PhoenixChannel, PhoenixPresence and PhoenixPush for Qt Quick applications.")
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "Qt 6 client library for Phoenix Channels - command-line tools
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework.
.
This package contains phoenix-cli, a terminal client for any Phoenix Channels
server (join topics, push, print replies, broadcasts and presence as text or
JSON lines), and phoenix-devserver, PhoenixQt's reference Phoenix server.")
set(CPACK_DEBIAN_OUTBOX_DESCRIPTION "Qt 6 client library for Phoenix Channels - durable outbox
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework.
.
This package contains the shared library of PhoenixOutbox: pushes committed to
an SQLite database (Qt SQL) before they are sent, resent with the same
idempotency key after timeouts, lost connections and restarts.")
set(CPACK_DEBIAN_OUTBOXDEV_DESCRIPTION "Qt 6 client library for Phoenix Channels - durable outbox development files
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework.
.
This package contains the headers of PhoenixOutbox, its CMake targets
(find_package(PhoenixQt COMPONENTS Outbox)) and the pkg-config file
(phoenixqt-outbox).")
set(CPACK_DEBIAN_OUTBOXQML_DESCRIPTION "Qt 6 client library for Phoenix Channels - QML module of the outbox
PhoenixQt is a Qt 6 client for Phoenix Channels, the real-time protocol of the
Elixir Phoenix framework.
.
This package contains the QML module Phoenix.Outbox (import Phoenix.Outbox):
PhoenixOutbox and PhoenixOutboxModel for Qt Quick applications.")

include(CPack)
