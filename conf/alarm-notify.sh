#!/usr/bin/env bash
# streamledger's default alarm notification program: one line per notification, appended to
# ${STREAMLEDGER_ALARM_LOG:-/dev/stderr}.
#
# It gets the 29 arguments Netdata 1.37 gives its alarm-notify.sh, in the same order:
#   1 roles  2 host  3 unique_id  4 alarm_id  5 event_id  6 when  7 name  8 chart  9 family  10 status
#   11 old_status  12 value  13 old_value  14 src  15 duration  16 non_clear_duration  17 units  18 info
#   19 value_string  20 old_value_string  21 calc_expression  22 calc_param_values  23 total_warnings
#   24 total_critical  25 total_warn_alarms  26 total_crit_alarms  27 classification  28 edit_command_line
#   29 child_machine_guid
# so Netdata's own script can take its place: install Netdata's alarm-notify.sh (and its health_alarm_notify.conf)
# and name it in streamledger.conf, `[health] script to execute on alarm = /usr/lib/netdata/plugins.d/alarm-notify.sh`.
#
# `alarm-notify.sh test` writes a test line.
set -u

log=${STREAMLEDGER_ALARM_LOG:-/dev/stderr}

if [ "$#" -eq 1 ] && [ "$1" = test ]; then
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $(hostname 2>/dev/null || echo localhost) TEST (was CLEAR) test.alarm = 1 [test] a test notification from alarm-notify.sh"
  printf '%s\n' "$line" >>"$log"
  printf '%s\n' "$line"
  exit 0
fi

roles=${1-} host=${2-} when=${6-} name=${7-} chart=${8-} status=${10-} old_status=${11-} value_string=${19-} info=${18-}
time=$(date -u -d "@${when}" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)
printf '%s %s %s (was %s) %s.%s = %s [%s] %s\n' "$time" "$host" "$status" "$old_status" "$chart" "$name" "$value_string" "$roles" "$info" >>"$log"
exit 0
