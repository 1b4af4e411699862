import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseInput } from './parseInput';

const query = z.object({
  groupBy: z.enum(['owner', 'dimension'], {
    message: 'must be one of owner, dimension',
  }),
  page: z.object({ limit: z.coerce.number().int().max(100) }).optional(),
});

describe('parseInput', () => {
  it('answers what the schema makes of the input', () => {
    expect(
      parseInput(query, { groupBy: 'owner', page: { limit: '10' } }, 'query'),
    ).toEqual({ groupBy: 'owner', page: { limit: 10 } });
  });

  it('refuses with an InputError naming what was checked and each field', () => {
    const refuse = () =>
      parseInput(query, { groupBy: 'team', page: { limit: 500 } }, 'query');
    expect(refuse).toThrow(InputError);
    expect(refuse).toThrow(
      'Invalid query: groupBy: must be one of owner, dimension; page.limit: Too big: expected number to be <=100',
    );
  });

  it('gives an issue about the input as a whole without a field', () => {
    expect(() => parseInput(query, 'owner', 'request body')).toThrow(
      /^Invalid request body: Invalid input: expected object, received string$/,
    );
  });

  it('names the fields of a part of the input from where it is', () => {
    expect(() =>
      parseInput(query, { groupBy: 'team' }, 'request body', ['items', 3]),
    ).toThrow(
      'Invalid request body: items.3.groupBy: must be one of owner, dimension',
    );
    expect(() =>
      parseInput(query, 'owner', 'request body', ['items', 3]),
    ).toThrow(
      /^Invalid request body: items.3: Invalid input: expected object, received string$/,
    );
  });
});
