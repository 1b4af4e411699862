import { mapLimit } from './mapLimit';

describe('mapLimit', () => {
  it('keeps the order of the items and at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimit([50, 10, 30, 0, 20], 2, async ms => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise(r => setTimeout(r, ms));
      inFlight -= 1;
      return ms * 2;
    });
    expect(results).toEqual([100, 20, 60, 0, 40]);
    expect(most).toBe(2);
  });

  it('answers nothing for no items, and rejects with the first failure', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    await expect(
      mapLimit([1, 2, 3], 3, async n => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
  });
});
