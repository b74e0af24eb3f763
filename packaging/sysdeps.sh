#!/usr/bin/env bash
# Install the Debian packages Qt needs at run time, and a C compiler with Python's
# headers for the compiled TEI walk (without them it installs the Python walk); only
# those missing.
# Runs apt-get as root (or through sudo); on systems without apt it only warns.
set -euo pipefail
packages=(python3-venv libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0
          fonts-dejavu-core fonts-noto-core gcc python3-dev)
command -v dpkg-query >/dev/null 2>&1 || { echo "sysdeps: not a Debian system; install Qt's runtime libraries yourself" >&2; exit 0; }
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
# python3-venv is only needed when the interpreter lacks ensurepip (Debian's own
# python3), python3-dev when it has no headers of its own (one built from source has).
if python3 -c "import ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
if [ -f "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
  missing=("${missing[@]/python3-dev}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0
echo "sysdeps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
