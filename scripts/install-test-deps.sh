#!/usr/bin/env bash
# System packages the test suite needs on Debian: PostgreSQL (the integration suite starts a throwaway
# server from its binaries), Redis (multi-node adapter), Chromium (browser tests; never downloaded by npm),
# Prosody with the Lua libraries Jitsi's token plugins need (the suite starts its own Prosody as a child
# process with its own config; the package's service and /etc/prosody are never used), and OpenStack
# Swift with memcached: a real S3-compatible store the suite starts once per run from ../shared/s3-swift
# (its own config, data folder and ports; the packages' services are never used).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# curl: scripts/fetch-jitsi-fixtures.sh, which a test runs against a local mirror.
command -v curl >/dev/null 2>&1 || need+=(curl)
# openssl: the e2e Jitsi test server makes a throwaway certificate (the real IFrame API opens https).
command -v openssl >/dev/null 2>&1 || need+=(openssl)
lean=()
command -v prosody >/dev/null 2>&1 || lean+=(prosody)
# lua-event: Prosody's libevent backend; lua-unbound: DNS; lua-cjson, lua-basexx, lua-luaossl, lua-inspect,
# lua-sec: what mod_auth_token's JWT verifier (luajwtjitsi, token/util) requires.
for pkg in lua-event lua-unbound lua-cjson lua-basexx lua-luaossl lua-inspect lua-sec; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || lean+=("$pkg")
done
# swift-*: the S3 store's servers (Python, Debian's python3); memcached: the proxy's token cache.
for pkg in swift swift-proxy swift-object swift-container swift-account memcached; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || lean+=("$pkg")
done
# fonts-noto-color-emoji: reactions and the emoji picker in the browser tests' screenshots (without
# it Chromium draws boxes).
dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q 'install ok installed' ||
  lean+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ] || [ ${#lean[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  [ ${#need[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need[@]}"
  # Prosody and Swift without their recommends (no certificates, no extra storage drivers, no rsync
  # daemons): the suite needs none.
  [ ${#lean[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${lean[@]}"
fi
# Debian's package does not start a service in containers, but on a full system it may: the suite's
# Prosody uses its own ports, so a running system Prosody does not matter and is left alone. The same
# holds for Swift's and memcached's services: the suite's store runs its own on free ports.
