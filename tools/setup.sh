#!/bin/sh
# Installs the Debian packages smooth needs, only those that are missing (idempotent).
# Run as root on Debian 12; nothing else is downloaded, at setup or at build time.
set -eu

packages="cmake ninja-build g++ make
libboost-dev libboost-test-dev libboost-program-options-dev libboost-iostreams-dev
libboost-filesystem-dev libfmt-dev libgnuplot-iostream-dev gnuplot-nox libbenchmark-dev
clang tmux
python3-dev pybind11-dev python3-pybind11 python3-numpy python3-pytest python3-pandas python3-hypothesis
python3-dask python3-distributed"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi

echo "setup: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "setup: error: missing packages:$missing; run this script as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q $missing
