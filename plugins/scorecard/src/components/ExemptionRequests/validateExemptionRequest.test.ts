import { validateExemptionRequest } from './validateExemptionRequest';

const NOW = new Date('2026-12-07T10:00:00Z');

describe('validateExemptionRequest', () => {
  it.each([
    [{ reason: 'moving to the new chart', expiresOn: '2027-01-31' }, {}],
    // the backend's bounds: after now, at most 366 days ahead
    [{ reason: 'abc', expiresOn: '2026-12-08' }, {}],
    [{ reason: 'abc', expiresOn: '2027-12-08' }, {}],
    [
      { reason: ' ab ', expiresOn: '2027-01-31' },
      { reason: 'Give a reason of at least 3 characters' },
    ],
    [
      { reason: 'x'.repeat(2001), expiresOn: '2027-01-31' },
      { reason: 'Keep the reason under 2000 characters' },
    ],
    [
      { reason: 'a reason', expiresOn: '' },
      { expiresOn: 'Choose the date the exemption ends' },
    ],
    [
      { reason: 'a reason', expiresOn: '2026-12-07' },
      { expiresOn: 'Choose a date in the future' },
    ],
    [
      { reason: 'a reason', expiresOn: '2027-12-09' },
      {
        expiresOn:
          'Choose a date within a year: exemptions are reviewed, not permanent',
      },
    ],
    [
      { reason: '', expiresOn: '31/01/2027' },
      {
        reason: 'Give a reason of at least 3 characters',
        expiresOn: 'Choose the date the exemption ends',
      },
    ],
  ])('%j → %j', (input, problems) => {
    expect(validateExemptionRequest(input, NOW)).toEqual(problems);
  });
});
