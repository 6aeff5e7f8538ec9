import { WARD_LIST_COLUMNS } from '../ward-list.sql';

describe("the ward list's columns", () => {
  it("reads each of the ward's shown settings from its column, under the setting's name, and nothing else", () => {
    expect(WARD_LIST_COLUMNS).toBe(
      'w.code as "code", w.name as "name", w.status as "status", w.default_visit_minutes as "defaultVisitMinutes", w.max_concurrent_visits as "maxConcurrentVisits", w.visiting_hours as "visitingHours"',
    );
  });
});
