import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlarmStatus } from '../../../src/health/evaluate/alarm-status';
import type { AlarmEntry } from '../../../src/health/log/alarm-entry';
import { repeatDue, shouldNotify } from '../../../src/health/notify/should-notify';

function entry(uniqueId: number, oldStatus: AlarmStatus, newStatus: AlarmStatus, over: Partial<AlarmEntry> = {}): AlarmEntry {
  return {
    uniqueId, alarmId: 7, alarmEventId: uniqueId, when: 1000 + uniqueId, duration: 0, nonClearDuration: 0,
    name: 'cpu_usage', chartId: 'system.cpu', chartName: 'system.cpu', context: 'system.cpu', family: 'cpu',
    classification: '', component: '', type: '', exec: '', recipient: '', source: '1@/x/cpu.conf', units: '%', info: '',
    oldStatus, newStatus, oldValue: NaN, newValue: 1, delay: 0, delayUpToTimestamp: 0, noClearNotification: false,
    expressionSource: 'NOSOURCE', expressionError: 'NOERRMSG', ...over,
  };
}
const ran = (uniqueId: number, newStatus: AlarmStatus, alarmId = 7) => ({ uniqueId, alarmId, newStatus });

describe('should notify', () => {
  it('never notifies the internal statuses', () => {
    for (const s of ['REMOVED', 'UNDEFINED', 'UNINITIALIZED'] as const) {
      const d = shouldNotify(entry(5, 'WARNING', s), [ran(4, 'WARNING')]);
      assert.equal(d.notify, false);
      assert.match(d.reason, /\(internal statuses\)$/);
    }
  });

  it('notifies a first WARNING or CRITICAL but not a first CLEAR', () => {
    assert.equal(shouldNotify(entry(1, 'UNINITIALIZED', 'WARNING'), []).notify, true);
    assert.equal(shouldNotify(entry(1, 'UNDEFINED', 'CRITICAL'), []).notify, true);
    const d = shouldNotify(entry(1, 'UNINITIALIZED', 'CLEAR'), []);
    assert.deepEqual(d, { notify: false, reason: "not sending notification for first initialization of alarm 'system.cpu.cpu_usage' status CLEAR" });
    // earlier notifications of other alarms, or later ones of this alarm, do not count
    assert.equal(shouldNotify(entry(5, 'WARNING', 'CLEAR'), [ran(4, 'WARNING', 8), ran(6, 'WARNING')]).notify, false);
  });

  it('compares with the newest earlier notification of the same alarm', () => {
    assert.equal(shouldNotify(entry(5, 'WARNING', 'CLEAR'), [ran(2, 'WARNING')]).notify, true);
    assert.equal(shouldNotify(entry(5, 'CRITICAL', 'WARNING'), [ran(2, 'CRITICAL')]).notify, true);
    // WARNING -> CRITICAL (notified) -> ... -> WARNING again: the newest that ran was CRITICAL
    assert.equal(shouldNotify(entry(5, 'CLEAR', 'WARNING'), [ran(2, 'WARNING'), ran(3, 'CRITICAL')]).notify, true);
    // WARNING (notified) -> UNDEFINED (not notified) -> WARNING: not again
    const d = shouldNotify(entry(5, 'UNDEFINED', 'WARNING'), [ran(3, 'WARNING'), ran(1, 'CLEAR')]);
    assert.deepEqual(d, { notify: false, reason: "not sending again notification for alarm 'system.cpu.cpu_usage' status WARNING" });
  });

  it('with no-clear-notification: no CLEAR, and the earlier notifications are not looked at', () => {
    const d = shouldNotify(entry(5, 'WARNING', 'CLEAR', { noClearNotification: true }), [ran(4, 'WARNING')]);
    assert.deepEqual(d, { notify: false, reason: "not sending notification for alarm 'system.cpu.cpu_usage' status CLEAR (it has no-clear-notification enabled)" });
    assert.equal(shouldNotify(entry(6, 'CLEAR', 'WARNING', { noClearNotification: true }), [ran(4, 'WARNING')]).notify, true);
  });

  it('repeats WARNING and CRITICAL at their own intervals', () => {
    const repeat = { warning: 60, critical: 10 };
    assert.equal(repeatDue('WARNING', 0, 1000, repeat), true); // never notified yet
    assert.equal(repeatDue('WARNING', 950, 1000, repeat), false);
    assert.equal(repeatDue('WARNING', 940, 1000, repeat), true);
    assert.equal(repeatDue('CRITICAL', 990, 1000, repeat), true);
    assert.equal(repeatDue('CRITICAL', 991, 1000, repeat), false);
    assert.equal(repeatDue('CLEAR', 0, 1000, repeat), false);
    assert.equal(repeatDue('UNDEFINED', 0, 1000, repeat), false);
    assert.equal(repeatDue('WARNING', 0, 1000, { warning: 0, critical: 10 }), false); // off
  });
});
