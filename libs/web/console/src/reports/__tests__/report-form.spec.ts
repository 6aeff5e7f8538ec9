import { bucketLabel, defaultReportValues, reportQuery, reportValues } from '../report-form';

const form = (from: string, to: string, extra: Record<string, string> = {}) => {
  const [fd, fm, fy] = from.split(' ');
  const [td, tm, ty] = to.split(' ');
  return reportValues({ 'from[day]': fd, 'from[month]': fm, 'from[year]': fy, 'to[day]': td, 'to[month]': tm, 'to[year]': ty, groupBy: 'ward', bucket: 'week', ...extra }, new Date('2026-06-12T09:00:00Z'));
};

describe('the report form', () => {
  it('asks for whole days in Europe/London, the last one included, across the clock change', () => {
    const { query, problems } = reportQuery(form('1 3 2026', '31 3 2026'));
    expect(problems).toEqual([]);
    expect(query).toMatchObject({ from: '2026-03-01T00:00:00+00:00', to: '2026-04-01T00:00:00+01:00', groupBy: 'WARD', bucket: 'WEEK', acrossGroup: false });
    expect(query!.csvQuery).toBe('from=2026-03-01&to=2026-04-01&groupBy=ward&bucket=week');
  });

  it('opens on the last four weeks up to today, by ward and week', () => {
    expect(defaultReportValues(new Date('2026-06-12T23:30:00Z'))).toEqual({ from: { day: '17', month: '5', year: '2026' }, to: { day: '13', month: '6', year: '2026' }, groupBy: 'ward', bucket: 'week', acrossGroup: false });
  });

  it('names each field that is wrong', () => {
    expect(reportQuery(form('31 2 2026', '1 3 26', { groupBy: 'patient', bucket: 'hour' })).problems).toEqual([
      { field: 'from', message: 'must be a real date' },
      { field: 'to', message: 'must include a year with 4 numbers' },
      { field: 'groupBy', message: 'must be ward, hospital, trust or trust group' },
      { field: 'bucket', message: 'must be day, week or month' },
    ]);
    expect(reportQuery(form('2 3 2026', '1 3 2026')).problems).toEqual([{ field: 'to', message: 'must be the same as or after the from date' }]);
  });

  it('says a bucket as people do', () => {
    expect(bucketLabel('2026-06-07T23:00:00.000Z', 'WEEK', false)).toBe('w/c 8 Jun');
    expect(bucketLabel('2026-05-31T23:00:00.000Z', 'MONTH', false)).toBe('June 2026');
    expect(bucketLabel('2026-12-31T00:00:00.000Z', 'DAY', true)).toBe('31 Dec 2026');
  });
});
