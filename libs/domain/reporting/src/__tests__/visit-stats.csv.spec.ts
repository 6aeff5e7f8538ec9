import { renderVisitStatsCsv, textCell } from '../visit-stats.csv';

describe('CSV cells', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 ward', "'+44 ward"],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
    ['\tTabbed', "'\tTabbed"],
    ['Ward 6, Respiratory', '"Ward 6, Respiratory"'],
    ['Skylark "Children\'s" Ward', '"Skylark ""Children\'s"" Ward"'],
    ['=A1,"x"', '"\'=A1,""x"""'],
    ['Line\nbreak', '"Line\nbreak"'],
    ['Emergency Department', 'Emergency Department'],
    ['Ward = 6', 'Ward = 6'],
  ])('%j becomes %j', (value, expected) => {
    expect(textCell(value)).toBe(expected);
  });

  it('renders a header row, one CRLF-ended line per row, and empty cells for nulls', () => {
    const csv = renderVisitStatsCsv([
      {
        bucketStart: new Date('2026-03-29T23:00:00Z'),
        group: { kind: 'ward', id: 'w1', code: 'RNQ01/ED', name: 'Emergency Department' },
        booked: 1,
        completed: 0,
        cancelled: 1,
        missed: 0,
        completionRate: 0,
        averageDurationSeconds: null,
        medianDurationSeconds: null,
        p90DurationSeconds: null,
        messagesDelivered: 0,
        messagesFailed: 2,
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'bucketStart,bucketDate,groupKind,groupId,groupCode,groupName,booked,completed,cancelled,missed,completionRate,averageDurationSeconds,medianDurationSeconds,p90DurationSeconds,messagesDelivered,messagesFailed',
      '2026-03-29T23:00:00.000Z,2026-03-30,ward,w1,RNQ01/ED,Emergency Department,1,0,1,0,0,,,,0,2',
      '',
    ]);
  });

  it('dates each bucket by its day in Europe/London, either side of the clock changes and the year', () => {
    const row = { group: { kind: 'ward' as const, id: 'w1', code: 'RNQ01/ED', name: 'ED' }, booked: 1, completed: 0, cancelled: 0, missed: 1, completionRate: 0, averageDurationSeconds: null, medianDurationSeconds: null, p90DurationSeconds: null, messagesDelivered: 0, messagesFailed: 0 };
    const dates = (instants: string[]) =>
      renderVisitStatsCsv(instants.map((at) => ({ ...row, bucketStart: new Date(at) })))
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[1]);
    expect(dates(['2026-03-29T00:00:00Z', '2026-03-29T22:59:59Z', '2026-10-24T23:00:00Z', '2026-10-25T23:59:59Z', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2028-02-28T23:30:00Z'])).toEqual([
      '2026-03-29',
      '2026-03-29',
      '2026-10-25',
      '2026-10-25',
      '2026-12-31',
      '2027-01-01',
      '2028-02-28',
    ]);
  });
});
