#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Shared by scripts/test.sh, scripts/demo.sh and scripts/bench.sh: installs the Debian 12 packages
# PhoenixQt needs (only those missing) and the npm packages of a folder with a package-lock.json.
# Source it, then call phoenixqt_install_debs [extra packages...] / phoenixqt_npm_ci <dir>.

PHOENIXQT_DEBS=(
    g++ cmake ninja-build pkg-config
    # qt6-declarative-dev-tools: qmltestrunner (test qml_installed) and qmllint (test qmllint, which
    # also needs the QtQuick Controls/Layouts modules below to lint the chat example).
    qt6-base-dev qt6-websockets-dev qt6-declarative-dev qt6-declarative-dev-tools
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
    qml6-module-qttest qml6-module-qtqml qml6-module-qtqml-models fonts-dejavu-core nodejs npm
    # The durable outbox (PhoenixQt::Outbox): Qt SQL (headers and CMake package in qt6-base-dev) and its
    # SQLite driver plugin, which the outbox's tests, kill test and fuzz target open databases with.
    libqt6sql6 libqt6sql6-sqlite
    # Fuzz targets (tests/fuzz): clang 14 for -fsanitize=fuzzer; libclang-rt-14-dev holds the libFuzzer,
    # ASan and UBSan runtimes and is only a Recommends of clang, which --no-install-recommends skips.
    clang libclang-rt-14-dev
    # API reference (docs target, test docs): Doxygen, qhelpgenerator for the .qch, Qt's tag files
    # (Debian ships Qt 5's only), python3 for docs/check_docs.py.
    doxygen qt6-documentation-tools qtbase5-doc-dev qtdeclarative5-doc-dev python3
    # Debian packages (scripts/package.sh, test packages): dpkg-shlibdeps, man pages, lintian, and
    # the system qml tool the package test runs a QML file with.
    dpkg-dev help2man lintian qml-qt6
    # QCoro: the test phoenixqcoro builds and runs `co_await push->future()` (README, "Awaiting results").
    qcoro-qt6-dev
)

phoenixqt_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

phoenixqt_install_debs() {
    local wanted=("${PHOENIXQT_DEBS[@]}" "$@") missing=() pkg
    for pkg in "${wanted[@]}"; do
        # node/npm may come from elsewhere (e.g. nodesource); only ask apt when the command is missing.
        case "$pkg" in
            nodejs) command -v node >/dev/null 2>&1 && continue ;;
            npm) command -v npm >/dev/null 2>&1 && continue ;;
        esac
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "==> installing Debian packages: ${missing[*]}"
        phoenixqt_as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive phoenixqt_as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

phoenixqt_npm_ci() {
    local dir=$1
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
        echo "==> npm ci in ${dir#"$PWD"/}"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}
