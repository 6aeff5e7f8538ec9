import { BadUserInputError } from '@vv/contracts';
import { InputRulesPipe, LongText, NullClears, PartialUpdateInput } from '../input-rules';

@PartialUpdateInput()
class SettingsInput {
  @NullClears() logoUrl?: string | null;
  name?: string;
}

class DocumentInput {
  @LongText(5000) document!: string;
  note?: string;
}

const pipe = new InputRulesPipe();
const args = (data: string, metatype?: unknown) => ({ type: 'body' as const, data, metatype: metatype as never });

function problems(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).fields;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('the input rules every argument meets', () => {
  it.each([
    ['a NUL', 'Jane\u0000Patient'],
    ['an escape character', 'Jane\u001b[31m'],
    ['a lone surrogate', 'Jane\uD800'],
    ['a C1 control', 'Jane\u0085'],
  ])('refuses %s, naming the path and never the value', (_, value) => {
    const fields = problems(() => pipe.transform({ wards: [{ names: ['ok', value] }] }, args('input')));
    expect(fields).toEqual([{ field: 'input.wards.0.names.1', message: 'holds control characters or broken Unicode' }]);
    expect(JSON.stringify(fields)).not.toContain('Jane');
  });

  it('keeps tabs, new lines, accents and emoji', () => {
    expect(pipe.transform('Zoë\tO’Brien\n😀', args('reason', String))).toBe('Zoë\tO’Brien\n😀');
  });

  it('bounds every string, unless its field says otherwise', () => {
    expect(problems(() => pipe.transform('x'.repeat(1001), args('reason', String)))).toEqual([{ field: 'reason', message: 'must be at most 1000 characters' }]);
    expect(pipe.transform({ document: 'x'.repeat(5000) }, args('input', DocumentInput))).toEqual({ document: 'x'.repeat(5000) });
    expect(problems(() => pipe.transform({ document: 'x'.repeat(5001), note: 'y'.repeat(1001) }, args('input', DocumentInput)))).toEqual([
      { field: 'input.document', message: 'must be at most 5000 characters' },
      { field: 'input.note', message: 'must be at most 1000 characters' },
    ]);
  });

  it('lets null clear a clearable field of a partial update, refuses it elsewhere there, and reads it as absent in other inputs', () => {
    expect(pipe.transform({ logoUrl: null }, args('input', SettingsInput))).toEqual({ logoUrl: null });
    expect(problems(() => pipe.transform({ name: null }, args('input', SettingsInput)))).toEqual([
      { field: 'input.name', message: 'cannot be cleared; leave it out to keep the current value' },
    ]);
    expect(pipe.transform({ document: 'a', note: null }, args('input', DocumentInput))).toEqual({ document: 'a' });
    expect(pipe.transform(null, args('enabled', Boolean))).toBeNull();
  });

  it('leaves the caller and other non-argument parameters alone', () => {
    const caller = { name: 'x'.repeat(2000) };
    expect(pipe.transform(caller, { type: 'custom', data: undefined, metatype: Object })).toBe(caller);
  });
});
