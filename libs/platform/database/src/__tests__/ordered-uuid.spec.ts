import { isUuid } from '@vv/contracts';
import { jest } from '@jest/globals';
import { orderedUuid } from '../ordered-uuid';

describe('orderedUuid', () => {
  it('sorts in the order the ids were made, thousands within one millisecond included', () => {
    const made = Array.from({ length: 5000 }, () => orderedUuid());
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('is a lowercase version 7 UUID the API accepts as an id', () => {
    const id = orderedUuid();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('keeps its order when the process clock steps back', () => {
    const spy = jest.spyOn(Date, 'now');
    try {
      spy.mockReturnValue(Date.UTC(2027, 9, 31, 1, 30));
      const first = orderedUuid();
      spy.mockReturnValue(Date.UTC(2027, 9, 31, 0, 30));
      const second = orderedUuid();
      expect(second > first).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
