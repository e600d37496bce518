import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlarmEntry } from '../../../src/health/log/alarm-entry';
import { alarmNotifyArgs, editCommandFromSource } from '../../../src/health/notify/alarm-notify-args';

function entry(over: Partial<AlarmEntry> = {}): AlarmEntry {
  return {
    uniqueId: 1795456240, alarmId: 1795456240, alarmEventId: 2, when: 1795456228, duration: 0, nonClearDuration: 0,
    name: 'v1', chartId: 'system.cpu', chartName: 'system.cpu', context: 'system.cpu', family: 'cpu',
    classification: 'Utilization', component: '', type: '', exec: '/tmp/ndv/capture.sh', recipient: 'sysadmin webmaster',
    source: '1@/tmp/ndv/etc/health.d/v.conf', units: 'packets', info: 'value 0.0344828 units packets',
    oldStatus: 'UNINITIALIZED', newStatus: 'WARNING', oldValue: NaN, newValue: 0.0344828,
    delay: 0, delayUpToTimestamp: 1795456228, noClearNotification: false, expressionSource: '1', expressionError: '',
    ...over,
  };
}

describe('alarm-notify.sh arguments', () => {
  it('are those a real Netdata 1.37.1 passed, position by position', () => {
    // captured from Debian's netdata 1.37.1 running `alarm: v1 / calc: 0.0344828 / warn: 1 / units: packets` with 22
    // such alerts on system.cpu: the 21 others were WARNING since 1795456228, 15 of them listed
    const others = Array.from({ length: 21 }, (_, i) => ({ name: `v${i + 2}`, since: 1795456228 }));
    const args = alarmNotifyArgs(entry(), {
      hostname: 'ndv-host', machineGuid: '', defaultRecipient: 'root', warnAlarms: others, critAlarms: [],
      editCommand: editCommandFromSource('1@/tmp/ndv/etc/health.d/v.conf', '/tmp/ndv/etc', 'ndv-host'),
    });
    assert.deepEqual(args, [
      'sysadmin webmaster', // 1 roles
      'ndv-host', // 2 host
      '1795456240', // 3 unique_id
      '1795456240', // 4 alarm_id
      '2', // 5 event_id
      '1795456228', // 6 when
      'v1', // 7 name
      'system.cpu', // 8 chart
      'cpu', // 9 family
      'WARNING', // 10 status
      'UNINITIALIZED', // 11 old_status
      '0', // 12 value, %0.0f
      'nan', // 13 old_value
      '1@/tmp/ndv/etc/health.d/v.conf', // 14 src
      '0', // 15 duration
      '0', // 16 non_clear_duration
      'packets', // 17 units
      'value 0.0344828 units packets', // 18 info
      '0.0345 packets', // 19 value_string
      '', // 20 old_value_string: "-" loses its leading dash
      '1', // 21 calc_expression
      '', // 22 calc_param_values
      '21', // 23 total_warnings
      '0', // 24 total_critical
      'v2=1795456228,v3=1795456228,v4=1795456228,v5=1795456228,v6=1795456228,v7=1795456228,v8=1795456228,v9=1795456228,' +
        'v10=1795456228,v11=1795456228,v12=1795456228,v13=1795456228,v14=1795456228,v15=1795456228,v16=1795456228', // 25
      '', // 26 total_crit_alarms
      'Utilization', // 27 classification
      'sudo /tmp/ndv/etc/edit-config health.d/v.conf=1=ndv-host', // 28 edit_command_line
      '', // 29 child_machine_guid
    ]);
  });

  it('drop leading dashes from the text arguments, as 1.37.1 sanitizes them, but not from the numbers', () => {
    // captured too: `calc: -2.5 / warn: $this < 0 / units: --weird / info: --dash it's $HOME ...` (the config parser
    // had already turned quotes and tabs into spaces)
    const e = entry({ newValue: -2.5, units: '--weird', info: '--dash it s $HOME and `x`  dq  \\ back tab', recipient: 'sysadmin', classification: '', expressionSource: '$this < 0', expressionError: '[ $this = -2.5 ] ' });
    const args = alarmNotifyArgs(e, { hostname: 'ndv-host', machineGuid: '', defaultRecipient: 'root', warnAlarms: [], critAlarms: [] });
    assert.equal(args[11], '-2');
    assert.equal(args[12], 'nan');
    assert.equal(args[16], 'weird');
    assert.equal(args[17], 'dash it s $HOME and `x`  dq  \\ back tab');
    assert.equal(args[18], '2.5--weird');
    assert.equal(args[20], '$this < 0');
    assert.equal(args[21], '[ $this = -2.5 ] ');
    assert.equal(args[26], 'Unknown');
    assert.equal(args[27], 'sudo /etc/netdata/edit-config health.d/v.conf=1=ndv-host');
  });

  it('fill in what an entry lacks as Netdata does, and list the most recent alerts first', () => {
    const e = entry({ recipient: '', chartId: '', family: '', source: '', classification: '', newValue: 12.5, oldValue: -Infinity, duration: -1 });
    const warnAlarms = Array.from({ length: 10 }, (_, i) => ({ name: `w${i}`, since: 1000 + i }));
    const critAlarms = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}`, since: 1000 + i + 0.5 }));
    const args = alarmNotifyArgs(e, { hostname: 'child1', machineGuid: 'c0ffee00-0000-0000-0000-000000000001', defaultRecipient: 'root', warnAlarms, critAlarms });
    assert.equal(args.length, 29);
    assert.equal(args[0], 'root');
    assert.equal(args[7], 'NOCHART');
    assert.equal(args[8], 'NOFAMILY');
    assert.equal(args[11], '12'); // ties to even
    assert.equal(args[12], '-inf');
    assert.equal(args[13], 'UNKNOWN');
    assert.equal(args[14], '4294967295'); // %u
    assert.equal(args[22], '10');
    assert.equal(args[23], '10');
    // 15 of the 20, newest first: c9 w9 c8 w8 ... c3 w3 c2
    assert.equal(args[24], 'w9=1009,w8=1008,w7=1007,w6=1006,w5=1005,w4=1004,w3=1003');
    assert.equal(args[25], 'c9=1009,c8=1008,c7=1007,c6=1006,c5=1005,c4=1004,c3=1003,c2=1002');
    assert.equal(args[26], 'Unknown');
    assert.equal(args[27], 'UNKNOWN=0=UNKNOWN');
    assert.equal(args[28], 'c0ffee00-0000-0000-0000-000000000001');
  });

  it('derive the edit command from the source like health_edit_command_from_source()', () => {
    assert.equal(editCommandFromSource('12@/etc/netdata/health.d/cpu.conf', '/etc/netdata', 'parent'), 'sudo /etc/netdata/edit-config health.d/cpu.conf=12=parent');
    assert.equal(editCommandFromSource('12@cpu.conf', '/etc/netdata', 'parent'), '');
    assert.equal(editCommandFromSource('/a/b.conf', '/etc/netdata', 'parent'), '');
    assert.equal(editCommandFromSource('', '/etc/netdata', 'parent'), 'UNKNOWN=0=UNKNOWN');
  });
});
