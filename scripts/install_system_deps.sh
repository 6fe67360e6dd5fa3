#!/usr/bin/env bash
# Debian packages some tests use: chromium (HTML view), raptor2-utils (rapper checks the
# Turtle), virtuoso-opensource (kg push end to end). Tests that need one skip with a
# reason when it is missing, so this script is optional on a developer's machine.
set -euo pipefail
packages=(chromium raptor2-utils virtuoso-opensource)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: ${packages[*]}"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
