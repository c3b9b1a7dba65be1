#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and benchmarking
# taps need. Idempotent: does nothing when everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libspdlog-dev libfmt-dev rapidjson-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev
  libeigen3-dev libtbb-dev
  redis-server libhiredis-dev
  libopenmpi-dev openmpi-bin
  coop-computing-tools coop-computing-tools-dev
  iproute2
  python3 python3-matplotlib python3-redis
  python3-distributed python3-dask
  libbullet-dev libnoise-dev
  python3-jsonschema
  montage iraf libcfitsio-dev
  autodock-vina openbabel librdkit-dev rdkit-data zlib1g-dev
  xtb
  dataset-fashion-mnist
  clang-14 libfuzzer-14-dev
  ccache
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
