#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Regenerates the TLS test fixtures in this directory (see README.md). Needs the openssl command
# line tool (Debian: openssl). The fixtures are committed; run this only to replace them.
#
#   bash tests/shared/certs/generate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

days=36500 # 100 years: the fixtures must not expire under the test suite
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The test CA (self-signed, may sign certificates).
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
    -keyout ca.key -out ca.pem -subj "/O=PhoenixQt tests/CN=PhoenixQt Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

# issue <name> <common name> <subjectAltName>: a server certificate signed by the test CA.
issue() {
    local name=$1 cn=$2 san=$3
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$name.key" -out "$work/$name.csr" \
        -subj "/O=PhoenixQt tests/CN=$cn"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" "subjectAltName=$san" >"$work/$name.ext"
    openssl x509 -req -in "$work/$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
        -CAserial "$work/ca.srl" -days "$days" -sha256 -extfile "$work/$name.ext" -out "$name.pem"
}

# For 127.0.0.1, ::1 and localhost: what the dev server listens on in tests.
issue server localhost "DNS:localhost,IP:127.0.0.1,IP:::1"
# For another host name only: connecting to 127.0.0.1 with it must fail the host name check.
issue wronghost wrong.host.invalid "DNS:wrong.host.invalid"

# Self-signed (no CA): refused by default settings.
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
    -keyout selfsigned.key -out selfsigned.pem -subj "/O=PhoenixQt tests/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" -addext "basicConstraints=critical,CA:FALSE"

chmod 644 ./*.key ./*.pem
openssl verify -CAfile ca.pem server.pem wronghost.pem
