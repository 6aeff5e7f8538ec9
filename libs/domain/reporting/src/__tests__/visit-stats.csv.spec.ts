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
});
