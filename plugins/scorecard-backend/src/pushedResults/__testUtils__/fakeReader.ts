import type { PushedResult, PushedResultsReader } from '../pushedChecks';

/** Pushed results held in memory, keyed like the store (normalized refs). */
export function fakeReader(
  results: Array<Partial<PushedResult> & Pick<PushedResult, 'checkId'>>,
): PushedResultsReader & { asked: Array<[string, string]> } {
  const asked: Array<[string, string]> = [];
  return {
    asked,
    async latest(entityRef, checkId) {
      asked.push([entityRef, checkId]);
      const found = results.find(
        r =>
          r.checkId === checkId &&
          (r.entityRef ?? 'component:default/order-service') === entityRef,
      );
      return found
        ? {
            entityRef,
            value: null,
            message: null,
            observedAt: new Date('2026-12-01T10:00:00Z'),
            receivedAt: new Date('2026-12-01T10:00:05Z'),
            pushedBy: 'external-ci',
            ...found,
          }
        : undefined;
    },
  };
}
