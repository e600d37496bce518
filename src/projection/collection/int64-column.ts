import type { Int64 } from '../../model/types';
import * as i64 from './int64';

/**
 * One int64 per dimension of a chart, rewritten every collection and held without allocating: safe integers in a
 * Float64Array, a value beyond 2^53 as its bigint in a side array made on first need. Fields typed
 * `number | bigint` instead took a new heap number for every value above 2^31 and kept it until the next collection,
 * so the young-generation GC copied (and then promoted) about one object per value; an object per dimension for
 * each int64 would instead give the old generation's marker millions more objects to trace.
 *
 * The arithmetic the value engine does every collection works on the column itself: handing a value out as an
 * Int64 (get()) boxes it again, which is left to the rare paths.
 */
export class Int64Column {
  private num = new Float64Array(0);
  /** Where an entry is a bigint; null while none ever was. */
  private big: (bigint | undefined)[] | null = null;

  /** Makes room for `count` entries (new ones hold 0). */
  grow(count: number): void {
    if (count <= this.num.length) return;
    const num = new Float64Array(count);
    num.set(this.num);
    this.num = num;
  }

  /** Entry i's bigint, undefined when it is a number. */
  private bigAt(i: number): bigint | undefined {
    return this.big === null ? undefined : this.big[i];
  }

  private safe(i: number): boolean {
    return this.bigAt(i) === undefined;
  }

  get(i: number): Int64 {
    return this.bigAt(i) ?? this.num[i];
  }

  set(i: number, v: Int64): void {
    if (typeof v === 'number') {
      this.num[i] = v;
      if (this.big !== null) this.big[i] = undefined;
    } else {
      (this.big ??= [])[i] = v;
    }
  }

  /** Entry i takes entry i of `from`. */
  copy(i: number, from: Int64Column): void {
    this.set(i, from.bigAt(i) ?? from.num[i]);
  }

  /** Keeps the larger (signed) of entry i and v. */
  raise(i: number, v: Int64): void {
    if (typeof v === 'number' && this.safe(i)) {
      if (v > this.num[i]) this.num[i] = v;
    } else if (v > this.get(i)) {
      this.set(i, v);
    }
  }

  /** (double)entry i */
  toDouble(i: number): number {
    return this.safe(i) ? this.num[i] : Number(this.get(i));
  }

  /** i64.subToDouble(this[i], other[i]) */
  minusToDouble(i: number, other: Int64Column): number {
    return this.safe(i) && other.safe(i) ? this.num[i] - other.num[i] : i64.subToDouble(this.get(i), other.get(i));
  }

  /** i64.greaterUnsigned(this[i], other[i]) */
  aboveUnsigned(i: number, other: Int64Column): boolean {
    return this.safe(i) && other.safe(i) ? i64.greaterUnsigned(this.num[i], other.num[i]) : i64.greaterUnsigned(this.get(i), other.get(i));
  }
}
