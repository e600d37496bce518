#!/usr/bin/env bash
# Installs real time-series databases (Debian's packages) for the exporting tests, which run their own
# instances on loopback (test/helpers/tsdb.ts): VictoriaMetrics, graphite's carbon-cache (plus python3-whisper
# for whisper-fetch, to read what it wrote) and Prometheus.
# Idempotent: does nothing when all the packages are present. Needs root (apt-get).
#
# The packages ship system services that their maintainer scripts try to start. A container has no init to
# run them and the tests must not share a server with anything, so during the install a policy-rc.d that
# answers 101 ("action forbidden") keeps them from starting; whatever /usr/sbin/policy-rc.d was there before
# (Docker images ship one) is put back afterwards. Any of their processes that appeared anyway is stopped.
set -euo pipefail
PKGS=(victoria-metrics graphite-carbon python3-whisper prometheus)
if dpkg -s "${PKGS[@]}" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-tsdb.sh: needs root to apt-get install ${PKGS[*]}" >&2
  exit 1
fi

POLICY=/usr/sbin/policy-rc.d
BACKUP=""
if [ -e "$POLICY" ] || [ -L "$POLICY" ]; then
  BACKUP="$(mktemp /usr/sbin/policy-rc.d.install-tsdb.XXXXXX)"
  cp -a "$POLICY" "$BACKUP"
fi
restore_policy() {
  if [ -n "$BACKUP" ]; then mv -f "$BACKUP" "$POLICY"; else rm -f "$POLICY"; fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# install-tsdb.sh: no service starts during the install\nexit 101\n' >"$POLICY"
chmod 755 "$POLICY"

# The daemons these packages could start: their executable's exact name (or carbon-cache's script), detached
# (parent pid 1, as a service is; a test's own instances are children of the test).
daemon_pids() {
  { pgrep -P 1 -x victoria-metric || true; pgrep -P 1 -x prometheus || true
    pgrep -P 1 -f '^/usr/bin/python3 /usr/bin/carbon-cache' || true; } | sort -u
}
before="$(daemon_pids)"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null

# Nothing should have started; if something did (an init that ignores policy-rc.d), stop exactly those pids.
for pid in $(comm -13 <(echo "$before") <(daemon_pids)); do
  echo "install-tsdb.sh: stopping pid $pid ($(cat /proc/"$pid"/comm 2>/dev/null || echo '?')) started by the install" >&2
  kill -TERM "$pid" 2>/dev/null || true
done

vm="$(/usr/bin/victoria-metrics -version 2>/dev/null | head -n1 || true)"
prom="$(/usr/bin/prometheus --version 2>&1 | head -n1 || true)"
carbon="$(dpkg-query -W -f='${Version}' graphite-carbon)"
whisper="$(dpkg-query -W -f='${Version}' python3-whisper)"
echo "install-tsdb.sh: installed victoria-metrics ${vm:-$(dpkg-query -W -f='${Version}' victoria-metrics)}; ${prom:-prometheus $(dpkg-query -W -f='${Version}' prometheus)}; graphite-carbon ${carbon}; python3-whisper ${whisper}"
