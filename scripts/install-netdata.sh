#!/usr/bin/env bash
# Installs a real Netdata (Debian's 1.37.1 packages) for the interop and end-to-end tests.
# Idempotent: does nothing when both packages are present. Needs root (apt-get).
#
# Why netdata-plugins-bash: it ships system-info.sh, which Netdata runs at start to fill its host labels;
# without it Netdata 1.37.1 crashes (munmap_chunk(): invalid pointer) as soon as it starts to stream,
# so a child would never reach the parent under test.
set -euo pipefail
if dpkg -s netdata-core netdata-plugins-bash >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-netdata.sh: needs root to apt-get install netdata-core netdata-plugins-bash" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends netdata-core netdata-plugins-bash >/dev/null
# The package may enable a system service; nothing here starts it: tests run their own instances.
echo "install-netdata.sh: $(/usr/sbin/netdata -v 2>/dev/null || echo netdata) installed"
