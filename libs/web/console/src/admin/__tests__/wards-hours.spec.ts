import { visitingHoursForForm, visitingHoursFromForm } from '../wards-hours';

const day = (week: { day: string; ranges: readonly string[] }[], name: string) => week.find((d) => d.day === name.toUpperCase())!.ranges;

describe('visiting hours as the admin types them', () => {
  it('takes several slots a day and leaves an empty day closed', () => {
    const week = visitingHoursFromForm({ monday: '10:00-12:00, 14:00-20:00', tuesday: '' });
    expect(week.map((d) => d.day)).toEqual(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']);
    expect(day(week, 'monday')).toEqual(['10:00-12:00', '14:00-20:00']);
    expect(day(week, 'tuesday')).toEqual([]);
  });

  it('splits a slot across midnight into the end of its day and the start of the next, Sunday into Monday too', () => {
    const week = visitingHoursFromForm({ friday: '14:00-16:00, 22:00-02:00', saturday: '10:00-12:00', sunday: '23:00-01:30' });
    expect(day(week, 'friday')).toEqual(['14:00-16:00', '22:00-24:00']);
    expect(day(week, 'saturday')).toEqual(['00:00-02:00', '10:00-12:00']);
    expect(day(week, 'monday')).toEqual(['00:00-01:30']);
    expect(day(week, 'sunday')).toEqual(['23:00-24:00']);
  });

  it('reads 9:30, 09.30 and an end of 00:00 the way a person means them', () => {
    expect(day(visitingHoursFromForm({ monday: '9:30 - 11.00' }), 'monday')).toEqual(['09:30-11:00']);
    expect(day(visitingHoursFromForm({ monday: '18:00-00:00' }), 'monday')).toEqual(['18:00-24:00']);
    expect(day(visitingHoursFromForm({ monday: '00:00-24:00' }), 'monday')).toEqual(['00:00-24:00']);
  });

  it('passes anything that is not two times on as typed, for the API to name the day', () => {
    expect(day(visitingHoursFromForm({ wednesday: 'afternoons, 25:00-26:00' }), 'wednesday')).toEqual(['afternoons', '25:00-26:00']);
    expect(day(visitingHoursFromForm({ wednesday: 'afternoons' }), 'thursday')).toEqual([]);
  });

  it('reads back what was typed, a slot across midnight as one', () => {
    const typed = { monday: '', tuesday: '14:00-20:00', wednesday: '', thursday: '', friday: '14:00-16:00, 22:00-02:00', saturday: '10:00-12:00', sunday: '23:00-01:30' };
    expect(visitingHoursForForm(visitingHoursFromForm(typed))).toEqual(typed);
  });

  it('keeps a day open all day as it is, and an evening before it as it is', () => {
    const week = visitingHoursFromForm({ monday: '00:00-24:00', tuesday: '00:00-24:00' });
    expect(visitingHoursForForm(week)).toMatchObject({ monday: '00:00-24:00', tuesday: '00:00-24:00', wednesday: '' });
    const evening = [
      { day: 'MONDAY' as const, ranges: ['18:00-24:00'] },
      { day: 'TUESDAY' as const, ranges: ['00:00-24:00'] },
    ];
    expect(visitingHoursForForm(evening)).toMatchObject({ monday: '18:00-24:00', tuesday: '00:00-24:00' });
  });
});
