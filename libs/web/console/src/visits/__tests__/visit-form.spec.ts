import { formErrors } from '../visit-form';

describe('the API’s field problems as a page shows them', () => {
  it('starts each message with the field’s label and links it to the field’s input', () => {
    expect(formErrors([{ field: 'startAt', message: 'is in the past' }])).toEqual({
      summary: [{ text: 'Date and time is in the past', href: '#startAt-day' }],
      byField: { startAt: 'Date and time is in the past' },
    });
  });

  it('reads the input. prefix of a checked argument as the field itself', () => {
    expect(formErrors([{ field: 'input.patientName', message: 'must be at most 1000 characters' }]).byField).toEqual({ patientName: 'Patient’s name must be at most 1000 characters' });
  });

  it('takes another form’s fields, maps names the form does not hold, and says one thing once', () => {
    const fields = { 'hours-monday': { label: 'Monday visiting hours', anchor: 'hours-monday' } };
    const fieldOf = (f: string) => (f.startsWith('visitingHours.0.') ? 'hours-monday' : f);
    const problems = [
      { field: 'visitingHours.0.ranges.0', message: 'must be a range like 14:00-20:00' },
      { field: 'visitingHours.0.ranges.1', message: 'must be a range like 14:00-20:00' },
      { field: 'somethingElse', message: 'is wrong' },
    ];
    expect(formErrors(problems, fields, fieldOf)).toEqual({
      summary: [
        { text: 'Monday visiting hours must be a range like 14:00-20:00', href: '#hours-monday' },
        { text: 'somethingElse is wrong', href: '#somethingElse' },
      ],
      byField: { 'hours-monday': 'Monday visiting hours must be a range like 14:00-20:00', somethingElse: 'somethingElse is wrong' },
    });
  });
});
