import type { EvalResult } from '../expression';
import type { AlertDefinition } from '../config/alert-definition';

/** Netdata's alarm statuses and their RRDCALC_STATUS_* numbers (what `$status` and `$WARNING` compare). */
export const STATUS_CODE = { REMOVED: -2, UNDEFINED: -1, UNINITIALIZED: 0, CLEAR: 1, WARNING: 3, CRITICAL: 4 } as const;
export type AlarmStatus = keyof typeof STATUS_CODE;

type Verdict = 'UNDEFINED' | 'CLEAR' | 'RAISED';

/** rrdcalc_value2status(): no number is undefined, non-zero raises, zero clears. An expression that failed is undefined. */
function verdict(r: EvalResult | null): Verdict {
  if (!r || !r.ok || !Number.isFinite(r.value)) return 'UNDEFINED';
  return r.value !== 0 ? 'RAISED' : 'CLEAR';
}

/**
 * The status of one evaluation from its warn and crit results, as Netdata 1.37's health loop combines them: a raised
 * crit is CRITICAL, else a raised warn is WARNING, else either one clear is CLEAR, else UNDEFINED.
 */
export function statusOf(warn: EvalResult | null, crit: EvalResult | null): AlarmStatus {
  const w = verdict(warn);
  const c = verdict(crit);
  if (c === 'RAISED') return 'CRITICAL';
  if (w === 'RAISED') return 'WARNING';
  if (w === 'CLEAR' || c === 'CLEAR') return 'CLEAR';
  return 'UNDEFINED';
}

/** A change of status: what goes to the alarm log, and when its notification is due. */
export interface Transition {
  when: number;
  from: AlarmStatus;
  to: AlarmStatus;
  /** Seconds the notification waits (the delay rules); it goes out at `when + delay` if the status still holds. */
  delay: number;
  notifyAt: number;
  /** Seconds the previous status lasted. */
  duration: number;
}

/**
 * One alert's status over time, with Netdata's delay rules (health.c): a status going up waits `delay up`, going down
 * `delay down`; a change while the previous change's delay is still running multiplies both by `multiplier`, up to
 * `max`; once a delay has run out they start again from the configured values.
 */
export class AlarmState {
  status: AlarmStatus = 'UNINITIALIZED';
  /** When the status last changed; the alert's creation time before its first change, as Netdata's. */
  lastStatusChange: number;
  private delayUpCurrent: number;
  private delayDownCurrent: number;
  private delayUpTo = 0;

  constructor(private readonly delay: AlertDefinition['delay'], now: number) {
    this.lastStatusChange = now;
    this.delayUpCurrent = delay.up;
    this.delayDownCurrent = delay.down;
  }

  /** The status of the evaluation at `now` (seconds); returns the transition when it changed, else null. */
  update(status: AlarmStatus, now: number): Transition | null {
    if (status === this.status) return null;
    if (now > this.delayUpTo) {
      this.delayUpCurrent = this.delay.up;
      this.delayDownCurrent = this.delay.down;
    } else {
      this.delayUpCurrent = Math.min(Math.trunc(this.delayUpCurrent * this.delay.multiplier), this.delay.max);
      this.delayDownCurrent = Math.min(Math.trunc(this.delayDownCurrent * this.delay.multiplier), this.delay.max);
    }
    const delay = STATUS_CODE[status] > STATUS_CODE[this.status] ? this.delayUpCurrent : this.delayDownCurrent;
    this.delayUpTo = now + delay;
    const t: Transition = { when: now, from: this.status, to: status, delay, notifyAt: now + delay, duration: now - this.lastStatusChange };
    this.status = status;
    this.lastStatusChange = now;
    return t;
  }
}

/** Seconds between repeated notifications in `status` (0: none), from the alert's `repeat`. */
export function repeatEvery(d: AlertDefinition, status: AlarmStatus): number {
  return status === 'CRITICAL' ? d.repeat.critical : status === 'WARNING' ? d.repeat.warning : 0;
}
