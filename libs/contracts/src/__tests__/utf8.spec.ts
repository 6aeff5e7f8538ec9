import { isUtf8, isUtf8FormBody } from '../utf8';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => new TextEncoder().encode(text);

describe('isUtf8', () => {
  it('takes ASCII and non-ASCII names', () => {
    expect(isUtf8(ascii('Margaret Jones'))).toBe(true);
    expect(isUtf8(ascii('Siân Ó Dónaill 李 👍'))).toBe(true);
    expect(isUtf8(bytes())).toBe(true);
  });

  it.each([
    ['a stray byte', bytes(0x42, 0xff, 0xfe, 0x42)],
    ['an overlong "/"', bytes(0xc0, 0xaf)],
    ['an encoded surrogate', bytes(0xed, 0xa0, 0x80)],
    ['a sequence cut short', bytes(0x41, 0xe2, 0x82)],
  ])('refuses %s', (_, value) => {
    expect(isUtf8(value)).toBe(false);
  });
});

describe('isUtf8FormBody', () => {
  it('takes a form as a browser sends it', () => {
    expect(isUtf8FormBody(ascii(`patientName=${encodeURIComponent('Siân Ó Dónaill 李')}&note=50%25+off&empty=`))).toBe(true);
    expect(isUtf8FormBody(ascii('a=%c3%a2'))).toBe(true);
  });

  it.each([
    ['an undecodable byte', 'patientName=Con%FFPat'],
    ['an encoded surrogate', 'patientName=Con%ED%A0%80Pat'],
    ['an overlong sequence', 'patientName=%C0%AF'],
    ['a sequence cut short', 'patientName=%E2%82'],
    ['a bare %', 'note=50%'],
    ['a % with one hex digit', 'note=%4'],
    ['a % with no hex digits', 'note=%zz'],
  ])('refuses %s', (_, body) => {
    expect(isUtf8FormBody(ascii(body))).toBe(false);
  });

  it('refuses raw bytes that are not UTF-8 as well as escaped ones', () => {
    expect(isUtf8FormBody(bytes(...ascii('a='), 0xff))).toBe(false);
  });
});
