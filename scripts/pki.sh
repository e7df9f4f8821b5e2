#!/usr/bin/env bash
# Makes the project's test PKI into an output directory (see docs/pki.md).
#
#   scripts/pki.sh OUTDIR [SERVER_NAME]
#
# Good material: ca (P-256), server (P-256, CN/SAN = SERVER_NAME, 127.0.0.1 and localhost),
# server-rsa (RSA-2048 server for TLS_RSA_WITH_AES_128_GCM_SHA256), se (the SE's P-256 credential),
# se-rsa (the SE's RSA-2048 credential).  Bad material for tests: badca + badca-server (chain to an
# unrelated CA), server-expired (validity ended 2021), server-wrongname (CN/SAN wrong.example).
# Every credential X comes as X.key (PKCS#8 PEM), X.crt (PEM), X.der (certificate DER) and
# X.key.der (private key, unencrypted traditional DER: SEC1 for EC, PKCS#1 for RSA).
# Idempotent: an existing complete set (stamp file) is left alone; delete OUTDIR to remake it.
set -euo pipefail

out=${1:?usage: pki.sh OUTDIR [SERVER_NAME]}
name=${2:-127.0.0.1}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stamp="$out/.pki-complete-$name"
[ -f "$stamp" ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
rsa_key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

# self_ca NAME CN
self_ca() {
  ec_key "$out/$1.key"
  openssl req -new -x509 -key "$out/$1.key" -out "$out/$1.crt" -days 3650 -sha256 \
    -subj "/O=se-iot test/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

is_ip() { [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; }

# leaf NAME KEYTYPE(ec|rsa) ISSUER CN SAN EKU [STARTDATE ENDDATE]
leaf() {
  local n=$1 kt=$2 iss=$3 cn=$4 san=$5 eku=$6 start=${7:-} end=${8:-}
  if [ "$kt" = ec ]; then ec_key "$out/$n.key"; ku=digitalSignature; else rsa_key "$out/$n.key"; ku=digitalSignature,keyEncipherment; fi
  openssl req -new -key "$out/$n.key" -out "$tmp/$n.csr" -subj "/O=se-iot test/CN=$cn" 2>/dev/null
  cat > "$tmp/$n.ext" <<X
basicConstraints=critical,CA:FALSE
keyUsage=critical,$ku
extendedKeyUsage=$eku
${san:+subjectAltName=$san}
X
  if [ -z "$start" ]; then
    openssl x509 -req -in "$tmp/$n.csr" -CA "$out/$iss.crt" -CAkey "$out/$iss.key" \
      -CAcreateserial -CAserial "$tmp/serial" -days 1825 -sha256 -extfile "$tmp/$n.ext" \
      -out "$out/$n.crt" 2>/dev/null
  else
    # openssl x509 cannot backdate; use a throwaway 'openssl ca' database.
    mkdir -p "$tmp/ca-$n"; : > "$tmp/ca-$n/index"; echo 01 > "$tmp/ca-$n/serial"
    cat > "$tmp/ca-$n/cnf" <<X
[ca]
default_ca=d
[d]
database=$tmp/ca-$n/index
serial=$tmp/ca-$n/serial
new_certs_dir=$tmp/ca-$n
default_md=sha256
policy=p
unique_subject=no
[p]
commonName=supplied
organizationName=optional
X
    openssl ca -batch -config "$tmp/ca-$n/cnf" -cert "$out/$iss.crt" -keyfile "$out/$iss.key" \
      -in "$tmp/$n.csr" -out "$tmp/$n.pem" -startdate "$start" -enddate "$end" \
      -extfile "$tmp/$n.ext" -notext 2>/dev/null
    openssl x509 -in "$tmp/$n.pem" -out "$out/$n.crt"
  fi
}

server_san() {
  if is_ip "$1"; then echo "IP:$1,DNS:localhost"; else echo "DNS:$1,DNS:localhost,IP:127.0.0.1"; fi
}

self_ca ca "se-iot test CA"
self_ca badca "unrelated CA"
san=$(server_san "$name")
leaf server ec ca "$name" "$san" serverAuth
leaf server-rsa rsa ca "$name" "$san" serverAuth
leaf se ec ca "se-iot SE 0001" "" clientAuth
leaf se-rsa rsa ca "se-iot SE 0001 RSA" "" clientAuth
leaf badca-server ec badca "$name" "$san" serverAuth
leaf server-expired ec ca "$name" "$san" serverAuth 20200101000000Z 20210101000000Z
leaf server-wrongname ec ca "wrong.example" "DNS:wrong.example" serverAuth

for f in ca badca server server-rsa se se-rsa badca-server server-expired server-wrongname; do
  openssl x509 -in "$out/$f.crt" -outform DER -out "$out/$f.der"
  if openssl pkey -in "$out/$f.key" -noout -text 2>/dev/null | grep -q 'ASN1 OID: prime256v1'; then
    openssl ec -in "$out/$f.key" -outform DER -out "$out/$f.key.der" 2>/dev/null
  else
    openssl rsa -in "$out/$f.key" -outform DER -traditional -out "$out/$f.key.der" 2>/dev/null
  fi
done
rm -f "$out"/.pki-complete-*
touch "$stamp"
echo "$out"
