import { FEATURE_FLAGS, graphqlEnumName, graphqlEnumValues, MESSAGE_KINDS, NOTIFICATION_STATUSES, VISIT_STATUSES, type GraphqlEnumName } from '../index';

describe('closed sets in GraphQL', () => {
  it('names every value in UPPER_SNAKE_CASE, whatever casing it is stored in', () => {
    expect(graphqlEnumName('visitReminders')).toBe('VISIT_REMINDERS');
    expect(graphqlEnumName('in_progress')).toBe('IN_PROGRESS');
    expect(graphqlEnumName('temporary-failure')).toBe('TEMPORARY_FAILURE');
    expect(graphqlEnumName('booked')).toBe('BOOKED');
    expect(graphqlEnumName('TODAY')).toBe('TODAY');
  });

  it('maps GraphQL names back to the values the database and job payloads hold, unchanged', () => {
    expect(graphqlEnumValues(MESSAGE_KINDS)).toMatchObject({ BOOKING_CONFIRMATION: 'bookingConfirmation', READY_TO_JOIN: 'readyToJoin', VISIT_COMPLETE: 'visitComplete' });
    for (const values of [FEATURE_FLAGS, MESSAGE_KINDS, NOTIFICATION_STATUSES, VISIT_STATUSES] as const) {
      const byName = graphqlEnumValues(values);
      expect(Object.values(byName)).toEqual([...values]);
      for (const name of Object.keys(byName)) expect(name).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    }
  });

  it('spells the names in types as it does at run time', () => {
    const name: GraphqlEnumName<'permanent-failure'> = 'PERMANENT_FAILURE';
    const values = graphqlEnumValues(['inProgress', 'visitor_joined'] as const);
    const joined: 'visitor_joined' = values.VISITOR_JOINED;
    expect([name, values.IN_PROGRESS, joined]).toEqual([graphqlEnumName('permanent-failure'), 'inProgress', 'visitor_joined']);
  });

  it('refuses a set whose values would share a name, or a value GraphQL cannot name', () => {
    expect(() => graphqlEnumValues(['in_progress', 'inProgress'])).toThrow(/both be IN_PROGRESS/);
    expect(() => graphqlEnumName('2fa')).toThrow(/no GraphQL enum name/);
    expect(() => graphqlEnumName('')).toThrow(/no GraphQL enum name/);
  });
});
