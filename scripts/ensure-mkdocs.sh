#!/usr/bin/env bash
# Makes sure the mkdocs that TechDocs runs is there, then checks that it builds
# a site with `plugins: [techdocs-core]`, using the stand-in under
# techdocs/mkdocs-techdocs-core (techdocs/README.md).
#
# mkdocs, the material theme and pymdownx come from Debian (PyPI is not
# reachable here): installed with apt-get when missing and run as root;
# otherwise one line says what to install. Always exits 0: without mkdocs the
# TechDocs pages show the build error and the rest of the portal works.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shim="$root/techdocs/mkdocs-techdocs-core"
packages=(mkdocs mkdocs-material python3-pymdownx)

# Whether mkdocs runs and its own Python can import the theme and pymdownx
# (Debian's mkdocs puts the material theme on sys.path when imported).
mkdocs_ready() {
  local bin shebang
  bin="$(command -v mkdocs)" || return 1
  shebang="$(head -n 1 "$bin")"
  [[ $shebang == '#!'* ]] || shebang='#!python3'
  ${shebang#\#!} -c 'import mkdocs, material, pymdownx' >/dev/null 2>&1
}

if ! mkdocs_ready; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> TechDocs: apt-get install ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq &&
      apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "==> TechDocs: mkdocs with mkdocs-material and pymdownx is missing, so TechDocs pages will show a build error; install it: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}"
    exit 0
  fi
fi

# A tiny site, built the way TechDocs builds it.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs"
printf 'site_name: Check\nplugins:\n  - techdocs-core\n' >"$tmp/mkdocs.yml"
printf '# Check\n\n!!! note\n    TechDocs works.\n' >"$tmp/docs/index.md"
output="$(PYTHONPATH="$shim${PYTHONPATH:+:$PYTHONPATH}" mkdocs build -q \
  -f "$tmp/mkdocs.yml" -d "$tmp/site" 2>&1)"
status=$?
if [ "$status" -eq 0 ] && [ -f "$tmp/site/techdocs_metadata.json" ]; then
  echo "==> TechDocs: $(mkdocs --version 2>/dev/null | sed 's/, version / /; s/ from .*//') builds sites with techdocs-core (techdocs/mkdocs-techdocs-core)"
else
  last="$(printf '%s\n' "$output" | grep -v '^[[:space:]]*$' | tail -n 1)"
  echo "==> TechDocs: mkdocs build with techdocs-core FAILED (exit $status), TechDocs pages will show the error${last:+: $last}"
fi
exit 0
