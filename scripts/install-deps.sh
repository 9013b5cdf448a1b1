#!/usr/bin/env bash
# Installs Spool's build and test dependencies from Debian's packages. Idempotent: apt-get skips what is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libabsl-dev libfmt-dev libspdlog-dev catch2 libbenchmark-dev
  libzstd-dev zlib1g-dev libasio-dev rapidjson-dev libcli11-dev libisal-dev libssl-dev

)

missing=()
# ali-ons interop tests need node and npm; any installation will do, Debian's is the fallback.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
