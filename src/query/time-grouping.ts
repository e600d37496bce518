import type { TimeGrouping } from './data-request';

/** Accumulates the values of one row's group of points; flush() returns NaN when no value was added. */
export interface Grouper {
  add(value: number): void;
  flush(): number;
}

/** average and sum: the same running total, divided by the count or not. */
class TotalGrouper implements Grouper {
  private sum = 0;
  private count = 0;
  constructor(private readonly average: boolean) {}
  add(value: number): void {
    this.sum += value;
    this.count++;
  }
  flush(): number {
    const v = this.count ? (this.average ? this.sum / this.count : this.sum) : NaN;
    this.sum = 0;
    this.count = 0;
    return v;
  }
}

/** Netdata's min and max compare absolute values (web/api/queries/min/min.c, max/max.c). */
class ExtremeGrouper implements Grouper {
  private value = NaN;
  constructor(private readonly wantBigger: boolean) {}
  add(value: number): void {
    if (Number.isNaN(this.value)) this.value = value;
    else if (this.wantBigger ? Math.abs(value) > Math.abs(this.value) : Math.abs(value) < Math.abs(this.value)) this.value = value;
  }
  flush(): number {
    const v = this.value;
    this.value = NaN;
    return v;
  }
}

export function createGrouper(kind: TimeGrouping): Grouper {
  switch (kind) {
    case 'average':
      return new TotalGrouper(true);
    case 'sum':
      return new TotalGrouper(false);
    case 'min':
      return new ExtremeGrouper(false);
    case 'max':
      return new ExtremeGrouper(true);
  }
}
