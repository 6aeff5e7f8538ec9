import { BadUserInputError, MAX_NAMED_PROBLEMS } from '../errors';

describe('a refusal of bad input', () => {
  it('names every problem when there are a few', () => {
    const error = new BadUserInputError([
      { field: 'input.name', message: 'must not be blank' },
      { field: 'input.code', message: 'must be at most 20 characters' },
    ]);
    expect(error.fields).toHaveLength(2);
    expect(error.message).toBe('input.name: must not be blank; input.code: must be at most 20 characters');
  });

  it('says the same problem once, however often it was found', () => {
    const twice = { field: 'document', message: 'cannot be read as YAML at line 1: bad indentation' };
    const error = new BadUserInputError([twice, { field: 'document', message: 'has no name' }, twice, twice]);
    expect(error.fields).toEqual([twice, { field: 'document', message: 'has no name' }]);
  });

  it('names the first problems and counts the rest when input repeats a mistake thousands of times', () => {
    const problems = Array.from({ length: 4000 }, (_, i) => ({ field: `input.visitingHours.${i + 1}.day`, message: 'is given twice' }));
    const error = new BadUserInputError(problems);
    expect(error.fields).toHaveLength(MAX_NAMED_PROBLEMS + 1);
    expect(error.fields!.slice(0, MAX_NAMED_PROBLEMS)).toEqual(problems.slice(0, MAX_NAMED_PROBLEMS));
    expect(error.fields![MAX_NAMED_PROBLEMS]).toEqual({ field: 'input', message: `and ${4000 - MAX_NAMED_PROBLEMS} more problems in this input` });
    expect(error.message.length).toBeLessThan(2000);
  });
});
