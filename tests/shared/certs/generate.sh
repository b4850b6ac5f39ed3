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

# issue_client <name> <common name>: a client certificate (mutual TLS) signed by the test CA.
issue_client() {
    local name=$1 cn=$2
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$name.key" -out "$work/$name.csr" \
        -subj "/O=PhoenixQt tests/CN=$cn"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=clientAuth" >"$work/$name.ext"
    openssl x509 -req -in "$work/$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
        -CAserial "$work/ca.srl" -days "$days" -sha256 -extfile "$work/$name.ext" -out "$name.pem"
}

# pin <name>: the SHA-256 public-key pin of <name>.pem ("sha256/" + base64 of the SPKI's hash), as
# HPKP and OkHttp write it, into <name>.pin.
pin() {
    printf 'sha256/%s\n' "$(openssl x509 -in "$1.pem" -pubkey -noout | openssl pkey -pubin -outform der |
        openssl dgst -sha256 -binary | base64)" >"$1.pin"
}

# For 127.0.0.1, ::1 and localhost: what the dev server listens on in tests.
issue server localhost "DNS:localhost,IP:127.0.0.1,IP:::1"
# For another host name only: connecting to 127.0.0.1 with it must fail the host name check.
issue wronghost wrong.host.invalid "DNS:wrong.host.invalid"

# Self-signed (no CA): refused by default settings.
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
    -keyout selfsigned.key -out selfsigned.pem -subj "/O=PhoenixQt tests/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" -addext "basicConstraints=critical,CA:FALSE"

# A client certificate for mutual TLS (the dev server's --tls-client-ca ca.pem accepts it).
issue_client client "PhoenixQt test client"

# The public-key pins of the CA, the server and the self-signed certificate.
for name in ca server selfsigned; do pin "$name"; done

chmod 644 ./*.key ./*.pem ./*.pin
openssl verify -CAfile ca.pem server.pem wronghost.pem client.pem
