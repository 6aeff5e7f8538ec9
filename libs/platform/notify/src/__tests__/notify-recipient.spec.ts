import { checkEmailAddress, checkUkMobile, receiptStatusFor } from '../notify-recipient';

describe('Notify recipient rules', () => {
  it.each(['07700900123', '07700 900 123', '+447700900123', '+44 (0)7700 900-123', '447700900123', '00447700900123'])('%s is a UK mobile', (number) => {
    expect(checkUkMobile(number)).toEqual({ ok: true, normalised: '447700900123' });
  });

  it.each([
    ['02079460000', 'Not a UK mobile number'],
    ['+12025550123', 'Not a UK mobile number'],
    ['0770090012', 'Not enough digits'],
    ['077009001234', 'Too many digits'],
    ['07700 9OO123', 'Must not contain letters or symbols'],
    ['', 'Not a UK mobile number'],
  ])('%s is refused: %s', (number, message) => {
    expect(checkUkMobile(number)).toEqual({ ok: false, message });
  });

  it.each(['sam@example.org', 'Sam.Visitor+ward@nhs.net', 'perm-fail@simulator.notify'])('%s is an email address', (email) => {
    expect(checkEmailAddress(email).ok).toBe(true);
  });

  it.each(['sam', 'sam@', '@example.org', 'sam@example', 'sam@@example.org', 'sam..v@example.org', 'sam v@example.org', 'sam@exa_mple.org', 'sam@example.c'])(
    '%s is not an email address',
    (email) => {
      expect(checkEmailAddress(email)).toEqual({ ok: false, message: 'Not a valid email address' });
    },
  );

  it('test recipients give failure receipts, everyone else delivered', () => {
    expect(receiptStatusFor('sms', '07700900002')).toBe('permanent-failure');
    expect(receiptStatusFor('sms', '+447700900002')).toBe('permanent-failure');
    expect(receiptStatusFor('sms', '07700900003')).toBe('temporary-failure');
    expect(receiptStatusFor('sms', '+44 7700 900003')).toBe('temporary-failure');
    expect(receiptStatusFor('sms', '07700900004')).toBe('delivered');
    expect(receiptStatusFor('email', 'perm-fail@simulator.notify')).toBe('permanent-failure');
    expect(receiptStatusFor('email', 'temp-fail@simulator.notify')).toBe('temporary-failure');
    expect(receiptStatusFor('email', 'sam@example.org')).toBe('delivered');
  });
});
