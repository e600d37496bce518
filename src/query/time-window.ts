/**
 * The time window of a query, computed as Netdata 1.37's query_target_calculate_window() and
 * rrdr_relative_window_to_absolute() do (web/api/queries/query.c).
 */

/** after/before with an absolute value up to this are relative to now (3 years in seconds). */
export const API_RELATIVE_TIME_MAX = 3 * 365 * 86400;
const MAX_POINTS = 86400;

/** Makes after/before absolute; `now` is Netdata's "now - 1". */
export function relativeWindowToAbsolute(after: number, before: number, now: number): { after: number; before: number } {
  if (Math.abs(before) <= API_RELATIVE_TIME_MAX) before = now - Math.abs(before);
  if (Math.abs(after) <= API_RELATIVE_TIME_MAX) {
    const rel = after === 0 ? -600 : -Math.abs(after);
    // the query returns inclusive timestamps: after=-5 means 5 points, not 6
    after = before + rel + 1;
  }
  if (after > before) [after, before] = [before, after];
  // a window in the future is shifted back to end now
  if (before > now) {
    const delta = before - now;
    before -= delta;
    after -= delta;
  }
  const min = now - 10 * 365 * 86400;
  const max = now + 365 * 86400;
  after = Math.min(Math.max(after, min), max);
  before = Math.min(Math.max(before, min), max);
  return { after, before };
}

export interface WindowRequest {
  after: number;
  before: number;
  points: number;
  unaligned: boolean;
  /** gtime: the seconds each value is resampled to (0 for none). */
  resamplingTime: number;
}

export interface QueryWindow {
  /** first and last row times as wanted: rows end at after + view - granularity, ..., before */
  after: number;
  before: number;
  points: number;
  /** database points per row */
  group: number;
  /** seconds per database point in the query */
  granularity: number;
  relative: boolean;
  /** Database points per resampled value (gtime), 1 without resampling. */
  resamplingGroup: number;
  /** What average divides a row's sum by when resampling: row seconds / gtime. */
  resamplingDivisor: number;
}

/** Null when the window needs the database span and the chart has none. */
export function calculateWindow(
  req: WindowRequest,
  db: { firstT: number; lastT: number; updateEvery: number },
  now: number,
): QueryWindow | null {
  let pointsWanted = req.points;
  let afterWanted = req.after;
  let beforeWanted = req.before;
  const automaticNaturalPoints = pointsWanted === 0;
  let relative = false;
  let naturalPoints = automaticNaturalPoints;
  let beforeAlignedToDbEnd = false;

  if (Math.abs(beforeWanted) <= API_RELATIVE_TIME_MAX || Math.abs(afterWanted) <= API_RELATIVE_TIME_MAX) {
    relative = true;
    naturalPoints = true;
  }

  if (afterWanted === 0 || beforeWanted === 0) {
    relative = true;
    if (db.firstT === 0 || db.lastT === 0) return null;
    if (afterWanted === 0) afterWanted = db.firstT;
    if (beforeWanted === 0) {
      beforeWanted = db.lastT;
      beforeAlignedToDbEnd = true;
    }
    if (pointsWanted === 0) pointsWanted = Math.trunc((db.lastT - db.firstT) / db.updateEvery);
  }
  if (pointsWanted === 0) pointsWanted = 600;

  ({ after: afterWanted, before: beforeWanted } = relativeWindowToAbsolute(afterWanted, beforeWanted, now));

  const granularity = naturalPoints ? Math.max(1, db.updateEvery) : 1;
  beforeWanted -= beforeWanted % granularity;
  afterWanted -= afterWanted % granularity;

  if (automaticNaturalPoints) pointsWanted = Math.max(1, Math.trunc((beforeWanted - afterWanted + 1) / granularity));

  const resampling = req.resamplingTime;
  // gtime lengthens (to the past) a shorter window, and one not a multiple of it by more than a tenth of it
  let duration = Math.max(beforeWanted - afterWanted, resampling);
  if (resampling > granularity && duration % resampling > Math.trunc(resampling / 10)) duration += resampling - (duration % resampling);
  const pointsAvailable = Math.max(1, Math.trunc((duration + 1) / granularity));
  if (pointsWanted > pointsAvailable) pointsWanted = pointsAvailable;
  if (pointsWanted > MAX_POINTS) pointsWanted = MAX_POINTS;

  let group = Math.max(1, Math.trunc(pointsAvailable / pointsWanted));
  // round the group to the closest integer
  if (pointsAvailable % pointsWanted > Math.trunc(pointsWanted / 2)) group++;

  if (pointsWanted * group * granularity < duration) {
    // the grouping does not cover the window: use as many points as cover it
    pointsWanted = Math.trunc(pointsAvailable / group);
    if (pointsWanted * group < pointsAvailable) pointsWanted++;
    if (pointsWanted === 0) pointsWanted = 1;
  }

  let resamplingGroup = 1;
  let resamplingDivisor = 1;
  if (resampling > granularity) {
    // rows hold a whole number of resampled values
    resamplingGroup = Math.ceil(resampling / granularity);
    group = Math.max(group, resamplingGroup);
    if (group % resamplingGroup) group += resamplingGroup - (group % resamplingGroup);
    resamplingDivisor = (group * granularity) / resampling;
  }

  const step = group * granularity;
  if (!req.unaligned && beforeWanted % step !== 0) {
    if (beforeAlignedToDbEnd) beforeWanted -= beforeWanted % step;
    else beforeWanted += step - (beforeWanted % step);
  }
  afterWanted = beforeWanted - pointsWanted * step + granularity;

  return { after: afterWanted, before: beforeWanted, points: pointsWanted, group, granularity, relative, resamplingGroup, resamplingDivisor };
}
