import { parseInput } from '@internal/backstage-request-input-node';
import { pushResultsBody, type PushableCheck } from './pushResultsBody';

const NOW = new Date('2026-12-07T12:00:00Z');
const CHECKS: PushableCheck[] = [
  { id: 'has-owner', type: 'entity-field' },
  { id: 'test-coverage', type: 'pushed-metric', valueType: 'number' },
];

const parse = (body: unknown, checks = CHECKS) =>
  parseInput(pushResultsBody({ checks, now: () => NOW }), body, 'request body');

describe('pushResultsBody', () => {
  it('reads a body: the ref completed, the message trimmed, dates as dates', () => {
    expect(
      parse({
        entityRef: 'order-service',
        results: [
          {
            checkId: 'test-coverage',
            value: 61,
            message: '  12 files untested ',
            observedAt: '2026-12-07T12:04:59Z',
          },
        ],
      }),
    ).toEqual({
      entityRef: 'component:default/order-service',
      results: [
        {
          checkId: 'test-coverage',
          value: 61,
          message: '12 files untested',
          observedAt: new Date('2026-12-07T12:04:59Z'),
        },
      ],
    });
    // an empty message is none
    expect(
      parse({
        entityRef: 'order-service',
        results: [{ checkId: 'test-coverage', value: 61, message: ' ' }],
      }).results[0].message,
    ).toBeUndefined();
  });

  it('names every field in one answer', () => {
    expect(() =>
      parse({
        entityRef: 'order-service',
        results: [
          { checkId: 'nope', value: 1, observedAt: 'yesterday' },
          {
            checkId: 'test-coverage',
            value: 1,
            observedAt: '2026-12-07T12:05:01Z',
          },
        ],
      }),
    ).toThrow(
      'Invalid request body: results.0.observedAt: must be an ISO 8601 date or date-time; results.0.checkId: unknown check "nope"; pushed checks: test-coverage; results.1.observedAt: 2026-12-07T12:05:01.000Z is in the future (the server\'s time is 2026-12-07T12:00:00.000Z; clocks may differ by 5 minutes)',
    );
  });

  it('says when no check takes pushed results', () => {
    expect(() =>
      parse(
        {
          entityRef: 'order-service',
          results: [{ checkId: 'has-owner', value: true }],
        },
        CHECKS.slice(0, 1),
      ),
    ).toThrow(
      'Invalid request body: results.0.checkId: check "has-owner" is of type entity-field, which takes no pushed results; pushed checks: none is configured',
    );
  });
});
