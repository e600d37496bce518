#!/usr/bin/env bash
# Runs a real Netdata (Debian's package, see install-netdata.sh) on loopback, everything inside DIR.
#
#   netdata-peer.sh child  DIR --dest HOST:PORT [--key K] [--guid G] [--hostname H] [--memory-mode ram|dbengine]
#                              [--history N] [--ssl] [--web-port P]
#   netdata-peer.sh parent DIR --port PORT [--key K] [--guid G] [--hostname H] [--memory-mode dbengine|ram]
#                              [--history N] [--health]
#   netdata-peer.sh stop   DIR
#
# child: collects the proc plugin's charts (about 190, every second) and streams them to HOST:PORT; with
#        --web-port it also serves its own /api/v1 on 127.0.0.1:P (to compare what it holds with a parent).
# parent: accepts streams with key K on 127.0.0.1:PORT and serves /api/v1 and /host/<child>/api/v1 there.
# Prints the PID once the process is up (and its web port answers). Logs: DIR/log/error.log, DIR/log/access.log.
set -euo pipefail
role=${1:?usage: netdata-peer.sh child|parent|stop DIR [options]}
dir=${2:?usage: netdata-peer.sh child|parent|stop DIR [options]}
shift 2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if [ "$role" = stop ]; then
  [ -f "$dir/pid" ] || exit 0
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
  exit 0
fi

key=11111111-2222-3333-4444-555555555555
guid="" host="" mode="" history=3600 dest="" port="" ssl="" webport="" health=no
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) dest=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --guid) guid=$2; shift 2 ;;
    --hostname) host=$2; shift 2 ;;
    --memory-mode) mode=$2; shift 2 ;;
    --history) history=$2; shift 2 ;;
    --ssl) ssl=":SSL"; shift ;;
    --web-port) webport=$2; shift 2 ;;
    --health) health=yes; shift ;;
    *) echo "netdata-peer.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
guid=${guid:-$(cat /proc/sys/kernel/random/uuid)}

case "$role" in
  child)
    [ -n "$dest" ] || { echo "netdata-peer.sh: child needs --dest HOST:PORT" >&2; exit 2; }
    host=${host:-nd-child} mode=${mode:-ram} proc=yes
    if [ -n "$webport" ]; then
      web=$(printf '    mode = static-threaded\n    bind to = 127.0.0.1:%s\n    allow connections from = *' "$webport")
    else
      web="    mode = none"
    fi
    stream=$(printf '[stream]\n    enabled = yes\n    destination = tcp:%s%s\n    api key = %s\n    reconnect delay seconds = 1\n    ssl skip certificate verification = yes' \
      "$dest" "$ssl" "$key")
    ;;
  parent)
    [ -n "$port" ] || { echo "netdata-peer.sh: parent needs --port PORT" >&2; exit 2; }
    host=${host:-nd-parent} mode=${mode:-dbengine} proc=no webport=$port
    web=$(printf '    mode = static-threaded\n    bind to = 127.0.0.1:%s\n    allow connections from = *\n    allow streaming from = *\n    allow dashboard from = *' "$port")
    stream=$(printf '[stream]\n    enabled = no\n[%s]\n    enabled = yes\n    default memory mode = %s\n    default history = %s\n    health enabled by default = %s\n    allow from = *' \
      "$key" "$mode" "$history" "$health")
    ;;
  *) echo "netdata-peer.sh: role must be child, parent or stop" >&2; exit 2 ;;
esac

mkdir -p "$dir"/{etc,cache,lib/registry,log}
# Netdata reads its machine GUID from here: a fixed GUID lets a test address the host by it.
echo "$guid" > "$dir/lib/registry/netdata.public.unique.id"
cat > "$dir/etc/netdata.conf" <<CONF
[global]
    run as user = root
    hostname = $host
    update every = 1
    memory mode = $mode
    history = $history
[directories]
    config = $dir/etc
    stock config = /usr/lib/netdata/conf.d
    cache = $dir/cache
    lib = $dir/lib
    log = $dir/log
[logs]
    debug log = $dir/log/debug.log
    error log = $dir/log/error.log
    access log = $dir/log/access.log
[web]
$web
[health]
    enabled = $health
[ml]
    enabled = no
[plugins]
    proc = $proc
    diskspace = no
    cgroups = no
    tc = no
    idlejitter = no
    apps = no
    python.d = no
    charts.d = no
    go.d = no
    node.d = no
    fping = no
    ioping = no
    perf = no
    slabinfo = no
    nfacct = no
    cups = no
    statsd = no
    enable running new plugins = no
[statsd]
    enabled = no
[global statistics]
    enabled = no
[registry]
    enabled = no
[cloud]
    enabled = no
CONF
printf '%s\n' "$stream" > "$dir/etc/stream.conf"

/usr/sbin/netdata -D -c "$dir/etc/netdata.conf" >"$dir/log/stdout.log" 2>&1 &
pid=$!
echo "$pid" > "$dir/pid"
sleep 0.5
kill -0 "$pid" 2>/dev/null || { echo "netdata-peer.sh: netdata exited at start; see $dir/log/" >&2; exit 1; }
if [ -n "$webport" ]; then
  for _ in $(seq 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$webport") 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "netdata-peer.sh: netdata exited at start; see $dir/log/" >&2; exit 1; }
    sleep 0.1
  done
fi
echo "$pid"
