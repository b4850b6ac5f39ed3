#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds PhoenixQt's Debian packages (CPack) and checks them with lintian:
#
#   bash scripts/package.sh [build dir, default build-deb] [--no-lintian]
#
# Writes <build dir>/libphoenixqt0_<version>-1_<arch>.deb, libphoenixqt-dev_..., qml6-module-phoenix_...,
# phoenixqt-tools_..., and the outbox's libphoenixqtoutbox0_..., libphoenixqtoutbox-dev_...,
# qml6-module-phoenix-outbox_... . Compiler flags come from dpkg-buildflags (Debian's hardening flags),
# the library is shared, the prefix /usr (so no runpath: libPhoenixQt is in a system library directory),
# tests, examples and benchmarks are off. lintian must report
# no errors; the warnings accepted are listed in docs/packaging.md and suppressed below.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=build-deb
lintian=1
for arg in "$@"; do
    case "$arg" in
        --no-lintian) lintian=0 ;;
        -*) echo "usage: $0 [build dir] [--no-lintian]" >&2; exit 2 ;;
        *) build=$arg ;;
    esac
done
case "$build" in /*) ;; *) build="$root/$build" ;; esac

# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"
phoenixqt_install_debs

export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)

echo "==> configure $build (Debian flags, prefix /usr, shared library)"
cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_SHARED_LIBS=ON \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
    -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" -DCMAKE_MODULE_LINKER_FLAGS="$ldflags" \
    -DPHOENIXQT_BUILD_TESTS=OFF -DBUILD_TESTING=OFF -DPHOENIXQT_BUILD_EXAMPLES=OFF \
    -DPHOENIXQT_BUILD_BENCHMARKS=OFF -DPHOENIXQT_BUILD_MANPAGES=ON >/dev/null
echo "==> build"
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"
echo "==> cpack -G DEB"
rm -f "$build"/*.deb
(cd "$build" && cpack -G DEB >/dev/null)
ls -1 "$build"/*.deb

if [ "$lintian" = 1 ]; then
    echo "==> lintian (errors fail; accepted warnings: docs/packaging.md)"
    lintian --fail-on error,warning --suppress-tags-from-file "$root/cmake/debian/lintian-accepted" \
        --tag-display-limit 0 "$build"/*.deb
fi
