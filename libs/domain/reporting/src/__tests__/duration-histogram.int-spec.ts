import pg from 'pg';
import { durationNumbers } from '../duration-histogram';
import { DURATION_MINUTE } from '../visit-stats.sql';

/**
 * The durations' numbers read off a histogram of whole minutes must be exactly those
 * PostgreSQL's definition gives for the same visits (`avg` over the seconds, `percentile_cont`
 * over the whole minutes times 60, each rounded as numeric to 0.1 s): checked here for
 * thousands of sets of durations at once (every size up to 400, where 0.9 × (n - 1) falls
 * between whole positions in every way it can at that size), and for histograms of hundreds
 * of thousands of visits lasting years, where float8's error reaches the rounded digit.
 */
const definitionOver = (durations: string) => `select x.c, round(avg(x.d), 1)::float8 as average,
  round((percentile_cont(0.5) within group (order by ${DURATION_MINUTE('x')}) * 60)::numeric, 1)::float8 as median,
  round((percentile_cont(0.9) within group (order by ${DURATION_MINUTE('x')}) * 60)::numeric, 1)::float8 as p90
from (select u.c, u.d, 'completed' as status, u.d as duration_seconds from ${durations}) x
group by x.c order by x.c`;
/** Sets of durations: case and seconds. */
const DEFINITION = definitionOver('unnest($1::int[], $2::int[]) as u(c, d)');
/** Histograms, each visit of so many minutes lasting exactly that many: case, minute and visits of it. */
const DEFINITION_OF_HISTOGRAMS = definitionOver('(select h.c, h.minute * 60 as d from unnest($1::int[], $2::int[], $3::int[]) as h(c, minute, visits), generate_series(1, h.visits)) u');
type Numbers = { c: number; average: number; median: number; p90: number };

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
});
afterAll(() => client?.end());

/** A small seeded generator, so a failure names sets of durations that can be found again. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

it("gives PostgreSQL's average, median and 90th percentile for any set of durations", async () => {
  const next = generator(20261204);
  const sets: number[][] = [];
  for (let n = 1; n <= 400; n += 1) sets.push(Array.from({ length: n }, () => next(3 * 3600))); // every size, up to 3 hours
  for (let i = 0; i < 1500; i += 1) {
    // few distinct minutes (many visits alike) and long tails
    const n = 1 + next(120);
    const spread = [120, 900, 6 * 3600][i % 3];
    sets.push(Array.from({ length: n }, () => 300 + next(spread)));
  }
  const cases = sets.flatMap((set, c) => set.map(() => c));
  const durations = sets.flat();
  const expected = (await client.query<Numbers>(DEFINITION, [cases, durations])).rows;
  expect(expected).toHaveLength(sets.length);

  const mismatches = sets.flatMap((set, c) => {
    const histogram = new Map<number, number>();
    for (const seconds of set) histogram.set(Math.trunc(seconds / 60), (histogram.get(Math.trunc(seconds / 60)) ?? 0) + 1);
    const total = set.reduce((sum, seconds) => sum + seconds, 0);
    const got = durationNumbers(String(total), [...histogram.keys()], [...histogram.values()]);
    const want = expected[c];
    const same = got.averageDurationSeconds === want.average && got.medianDurationSeconds === want.median && got.p90DurationSeconds === want.p90;
    return same ? [] : [{ set: c, size: set.length, got, want }];
  });
  expect(mismatches).toEqual([]);
});

it('gives the same for histograms of very many, very long visits, where 15 significant digits decide the rounding', async () => {
  const next = generator(14);
  // [minute, visits] pairs; the first is a 90th percentile of 1112512380.0499964 s as a float8, 1112512380.05 to 15 digits
  const histograms: [number, number][][] = [
    [
      [13173538, 589219],
      [31067988, 65469],
    ],
  ];
  for (let i = 0; i < 40; i += 1) {
    const entries = 1 + next(4);
    histograms.push(Array.from({ length: entries }, () => [next(35_000_000), 1 + next(40_000)] as [number, number]));
  }
  const flat = histograms.flatMap((histogram, c) => histogram.map(([minute, visits]) => [c, minute, visits]));
  const expected = (await client.query<Numbers>(DEFINITION_OF_HISTOGRAMS, [flat.map((e) => e[0]), flat.map((e) => e[1]), flat.map((e) => e[2])])).rows;
  expect(expected).toHaveLength(histograms.length);
  const mismatches = histograms.flatMap((histogram, c) => {
    const total = histogram.reduce((sum, [minute, visits]) => sum + BigInt(minute) * 60n * BigInt(visits), 0n);
    const got = durationNumbers(total, histogram.map(([minute]) => minute), histogram.map(([, visits]) => visits));
    const want = expected[c];
    const same = got.averageDurationSeconds === want.average && got.medianDurationSeconds === want.median && got.p90DurationSeconds === want.p90;
    return same ? [] : [{ histogram: c, got, want }];
  });
  expect(mismatches).toEqual([]);
});
