import { InputError } from '@backstage/errors';
import { optOutBody, parseEventsBody } from './eventsBody';

const event = (extra: object = {}) => ({
  occurredAt: '2026-12-07T10:00:00.000+01:00',
  action: 'navigate',
  subject: '/catalog',
  ...extra,
});

describe('parseEventsBody', () => {
  it('parses each event: dates, normalised entity refs', () => {
    const { events, rejected } = parseEventsBody({
      events: [event({ entityRef: 'Component:Default/Order-Service' })],
    });
    expect(rejected).toEqual([]);
    expect(events).toEqual([
      {
        occurredAt: new Date('2026-12-07T09:00:00.000Z'),
        action: 'navigate',
        subject: '/catalog',
        entityRef: 'component:default/order-service',
      },
    ]);
  });

  it('keeps the valid events of a batch and says why each other was refused', () => {
    const { events, rejected } = parseEventsBody({
      events: [event({ routePath: 'catalog' }), event(), 'navigate'],
    });
    expect(events.map(e => e.subject)).toEqual(['/catalog']);
    expect(rejected).toEqual([
      {
        index: 0,
        message: 'Invalid request body: events.0.routePath: must start with /',
      },
      {
        index: 2,
        message:
          'Invalid request body: events.2: Invalid input: expected object, received string',
      },
    ]);
  });

  it('refuses a body whose events are all invalid, naming each', () => {
    expect(() =>
      parseEventsBody({ events: [event({ subject: ' ' }), event({ x: 1 })] }),
    ).toThrow(
      new InputError(
        'Invalid request body: events.0.subject: Too small: expected string to have >=1 characters; Invalid request body: events.1: Unrecognized key: "x"',
      ),
    );
  });

  it('refuses a body that is not a batch', () => {
    expect(() => parseEventsBody({ events: [], user: 'x' })).toThrow(
      'Invalid request body: events: Too small: expected array to have >=1 items; Unrecognized key: "user"',
    );
    expect(() => parseEventsBody([event()])).toThrow(InputError);
  });
});

describe('optOutBody', () => {
  it('takes a boolean only', () => {
    expect(optOutBody.parse({ optedOut: true })).toEqual({ optedOut: true });
    expect(optOutBody.safeParse({ optedOut: 'yes' }).success).toBe(false);
  });
});
