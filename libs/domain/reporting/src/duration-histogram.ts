/**
 * A report row's durations from the daily rollups: the exact sum of the completed visits'
 * seconds and a histogram of their whole minutes (minute i was lasted by counts[i] visits).
 * The average, median and 90th percentile of such a row, computed here, once, for every
 * statement that reads the rollups, to give exactly what the definition
 * (`visitStatsStatement`: PostgreSQL's `avg` over the seconds and `percentile_cont` over the
 * whole minutes, in seconds, rounded as `numeric` to 0.1 s) gives counted from the visits
 * themselves. Pure arithmetic on a few numbers a row, where PostgreSQL would need a subquery a row.
 */
export interface DurationNumbers {
  readonly averageDurationSeconds: number | null;
  readonly medianDurationSeconds: number | null;
  readonly p90DurationSeconds: number | null;
}

/** `round(avg(seconds), 1)`, the median and the 90th percentile, from a histogram of whole minutes; null when it has no visit. */
export function durationNumbers(secondsTotal: string | number | bigint, minutes: readonly number[], counts: readonly number[]): DurationNumbers {
  if (minutes.length !== counts.length) throw new Error('A duration histogram needs a count for every minute');
  const order = minutes.map((_, i) => i).sort((a, b) => minutes[a] - minutes[b]);
  let timed = 0;
  for (const count of counts) timed += count;
  if (timed === 0) return { averageDurationSeconds: null, medianDurationSeconds: null, p90DurationSeconds: null };
  const percentile = (fraction: number): number => {
    // percentile_cont: the values at the 0-based positions floor and ceil of fraction × (n - 1),
    // interpolated in float8 as PostgreSQL does (lower + (position - floor) × (upper - lower))
    const at = fraction * (timed - 1);
    const first = Math.floor(at);
    const second = Math.ceil(at);
    let lower: number | undefined;
    let upper = 0;
    let upto = 0;
    for (const i of order) {
      upto += counts[i];
      if (lower === undefined && upto > first) lower = minutes[i];
      if (upto > second) {
        upper = minutes[i];
        break;
      }
    }
    return roundedAsNumeric((lower! + (at - first) * (upper - lower!)) * 60, 1);
  };
  return { averageDurationSeconds: averageOf(BigInt(secondsTotal), BigInt(timed)), medianDurationSeconds: percentile(0.5), p90DurationSeconds: percentile(0.9) };
}

/** `round(total / n, 1)::float8` as numeric division and rounding give it: half away from zero, in exact integers. */
function averageOf(total: bigint, n: bigint): number {
  const tenths = total >= 0n ? (20n * total + n) / (2n * n) : -((-20n * total + n) / (2n * n));
  return Number(tenths) / 10;
}

/**
 * `round(value::numeric, places)::float8`: PostgreSQL turns a float8 into numeric through its
 * 15 significant digits (`%.15g`), rounds that decimal half away from zero and reads the result
 * back as the nearest float8. Plain rounding of the float8 itself differs where those 15 digits
 * end in a 5 the float8 falls just short of (a 90th percentile of hundreds of thousands of
 * visits years long, say). A float8 lying exactly halfway between two 15-digit decimals is
 * rounded up here and to even there; no interpolated duration can be one.
 */
export function roundedAsNumeric(value: number, places: number): number {
  if (!Number.isFinite(value)) throw new Error('Only a finite number can be rounded as numeric');
  if (value === 0) return 0;
  const [mantissa, exponentText] = Math.abs(value).toExponential(14).split('e');
  const digits = mantissa.replace('.', ''); // 15 significant digits, the first at 10^exponent
  const exponent = Number(exponentText);
  const sign = value < 0 ? -1 : 1;
  const kept = exponent + 1 + places; // how many of them are at or above 10^-places
  if (kept >= digits.length) return sign * Number(`${mantissa}e${exponent}`);
  if (kept < 0) return 0;
  const units = (kept === 0 ? 0 : Number(digits.slice(0, kept))) + (digits[kept] >= '5' ? 1 : 0);
  return (sign * units) / 10 ** places;
}

/** PostgreSQL's text for an int[] (`{}`, `{3,41,7}`) as numbers; null (no histogram) as none. */
export function parseIntArray(text: string | null): number[] {
  if (text === null || text === '{}') return [];
  return text.slice(1, -1).split(',').map(Number);
}
