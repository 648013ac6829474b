#!/usr/bin/env bash
# Test certificates for the ETSI 014 endpoint of `serve --kme-port` (until `pki` serves it): a CA, the KME's server
# certificate (SAN 127.0.0.1, localhost) and one client certificate per SAE, CN = the SAE id.
# Usage: deploy/local/kme-pki.sh [DIR] [SAE...]   (default run/kme-pki and the demo's members)
set -euo pipefail
dir=${1:-run/kme-pki}; shift || true
saes=("$@"); [ ${#saes[@]} -gt 0 ] || saes=(a1 a2 a3 a4 b1 b2 b3 b4 c1 c2 c3 c4)
mkdir -p "$dir"; cd "$dir"; umask 077
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
[ -f ca.crt ] || { key ca; openssl req -x509 -new -key ca.key -subj "/CN=qmkdc kme test CA" -days 30 -out ca.crt \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null; }
issue() { # name cn ext
  key "$1"; openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out "$1.crt" \
      -extfile <(printf '%s\n' "$3") 2>/dev/null; rm -f "$1.csr"
}
issue kme kme "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
for s in "${saes[@]}"; do issue "$s" "$s" "extendedKeyUsage=clientAuth"; done
chmod 644 ./*.crt
echo "$PWD: ca.crt, kme.crt/kme.key, ${#saes[@]} SAE certificates"
