#!/usr/bin/env bash
# Install Debian's OpenBLAS headers and library for the native kernel backend (native/, built by
# `npm ci`'s install step) when they are missing. Called from .ci/run; safe to run twice.
set -euo pipefail
if [ -e /usr/include/x86_64-linux-gnu/cblas.h ] || [ -e /usr/include/cblas.h ] || ls /usr/include/*/cblas.h >/dev/null 2>&1; then
  echo "OpenBLAS headers present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y libopenblas-dev
