#!/usr/bin/env bash
# Downloads the pinned Jitsi files the test suite uses (Jitsi's Prosody token plugins, the IFrame API
# sources and jitsi-meet's licence) from github.com/jitsi/jitsi-meet at one commit, and checks their
# sha256 sums: for a machine with internet that has no ../shared/jitsi beside the repository.
#
#   scripts/fetch-jitsi-fixtures.sh [destination]     (default: <repository>/../shared/jitsi)
#
# Then run the suite with JITSI_PROSODY_PLUGINS=<destination>/prosody-plugins (not needed for the
# default destination). Files already present with the right sum are kept; a file whose sum differs
# from the pinned one fails the script (nothing is overwritten silently; a download that does not match
# is removed again). JITSI_MEET_RAW_BASE replaces the download address (a mirror laid out like the
# jitsi-meet repository at that commit; the test suite points it at a local one).
#
# external_api.min.js is not downloaded: it is built from modules/API/external/index.js at this commit
# (esbuild --bundle --format=iife --global-name=JitsiMeetExternalAPI --minify) and is not needed by
# the Prosody fixture.
set -euo pipefail
COMMIT=5d84a4cc9055dca1d03150eb537cd78eea73c99a
BASE="${JITSI_MEET_RAW_BASE:-https://raw.githubusercontent.com/jitsi/jitsi-meet/${COMMIT}}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-${root}/../shared/jitsi}"

command -v curl >/dev/null || { echo "curl is needed to download the Jitsi files" >&2; exit 1; }
# <sha256>  <local path>  <path in jitsi-meet>
pinned=(
  "1e99e30c1e35462d5aaa7ae74f0711f52aff339ff54c878fe8b09f87cb3a4283 prosody-plugins/luajwtjitsi.lib.lua resources/prosody-plugins/luajwtjitsi.lib.lua"
  "fa805192417eaf931844695368e5e0141cde6f51684a3180d46c68573e7f4b1b prosody-plugins/mod_auth_token.lua resources/prosody-plugins/mod_auth_token.lua"
  "426c40ca188cc279850e377bc12348c50d6e17bf00317b4adcbfc86c00c2bb01 prosody-plugins/mod_jitsi_session.lua resources/prosody-plugins/mod_jitsi_session.lua"
  "487aebdd2cad45dca1bcf4604dc5dae33db30ed6ab67f30d98569ee3cf6510c1 prosody-plugins/mod_token_verification.lua resources/prosody-plugins/mod_token_verification.lua"
  "5074aab6350b6b6561c6568675f789ba63554e9afed577607f3bd3da7bc0e9df prosody-plugins/util.lib.lua resources/prosody-plugins/util.lib.lua"
  "912cd5c6c1aa26e792c7a8000f77b7af8f3cbd4c0bb4f36f1b5c35a7b202dfaf prosody-plugins/token/util.lib.lua resources/prosody-plugins/token/util.lib.lua"
)
# Read-only companions (no pinned sum: the commit pins them).
others=(
  "LICENSE.jitsi-meet LICENSE"
  "iframe-api-source/modules/API/API.js modules/API/API.js"
  "iframe-api-source/modules/API/constants.js modules/API/constants.js"
  "iframe-api-source/modules/API/external/external_api.js modules/API/external/external_api.js"
  "iframe-api-source/modules/API/external/functions.js modules/API/external/functions.js"
  "iframe-api-source/modules/API/external/index.js modules/API/external/index.js"
  "iframe-api-source/modules/transport/index.js modules/transport/index.js"
)

fetch() { # <local path> <path in jitsi-meet>
  mkdir -p "$(dirname "${dest}/$1")"
  curl --fail --silent --show-error --location --retry 3 -o "${dest}/$1.part" "${BASE}/$2"
  mv "${dest}/$1.part" "${dest}/$1"
}

mkdir -p "$dest"
fetched=()
for entry in "${pinned[@]}"; do
  read -r sum path upstream <<<"$entry"
  if [ ! -f "${dest}/${path}" ]; then
    echo "fetching ${upstream}"
    fetch "$path" "$upstream"
    fetched+=("$path")
  fi
done
for entry in "${others[@]}"; do
  read -r path upstream <<<"$entry"
  [ -f "${dest}/${path}" ] || { echo "fetching ${upstream}"; fetch "$path" "$upstream"; }
done

# SHA256SUMS as in ../shared/jitsi: kept when present (it also lists external_api.min.js), else written.
if [ ! -f "${dest}/SHA256SUMS" ]; then
  for entry in "${pinned[@]}"; do
    read -r sum path _ <<<"$entry"
    echo "${sum}  ${path}"
  done >"${dest}/SHA256SUMS"
fi
failed=0
for entry in "${pinned[@]}"; do
  read -r sum path _ <<<"$entry"
  actual="$(sha256sum "${dest}/${path}" | cut -d' ' -f1)"
  if [ "$actual" != "$sum" ]; then
    echo "MISMATCH ${dest}/${path}: sha256 ${actual}, pinned ${sum}" >&2
    # What this run downloaded goes again, so that a rerun fetches it afresh; a file that was there
    # before is the operator's and stays.
    for f in "${fetched[@]}"; do [ "$f" != "$path" ] || rm -f "${dest}/${path}"; done
    failed=1
  fi
  grep -q "^${sum}  ${path}\$" "${dest}/SHA256SUMS" || {
    echo "MISMATCH ${dest}/SHA256SUMS does not list ${path} with the pinned sum ${sum}" >&2
    failed=1
  }
done
[ "$failed" -eq 0 ] || exit 1
echo "Jitsi's Prosody plugins at jitsi-meet@${COMMIT} are in ${dest}/prosody-plugins (sums checked)."
