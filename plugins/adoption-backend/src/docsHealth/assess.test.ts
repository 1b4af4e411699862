import { assessDocs, type DocsFacts } from './assess';

const at = (day: number) => new Date(Date.UTC(2026, 11, day, 12));
const facts = (f: Partial<DocsFacts>): DocsFacts => ({
  lastBuiltAt: at(20),
  lastDocsCommitAt: at(10),
  lastCodeCommitAt: at(10),
  error: null,
  ...f,
});

describe('assessDocs', () => {
  it('is fresh when the docs are as new as the code and built since', () => {
    expect(assessDocs(facts({}), 0)).toEqual({
      status: 'fresh',
      docsBehindDays: 0,
      buildOutdated: false,
    });
  });

  it('is stale when the code changed after the docs, by whole days', () => {
    expect(
      assessDocs(
        facts({ lastCodeCommitAt: new Date(at(13).getTime() + 3600_000) }),
        0,
      ),
    ).toEqual({ status: 'stale', docsBehindDays: 3, buildOutdated: false });
    // a code commit an hour after the docs is already stale with 0 days allowed
    expect(
      assessDocs(
        facts({ lastCodeCommitAt: new Date(at(10).getTime() + 3600_000) }),
        0,
      ),
    ).toEqual({ status: 'stale', docsBehindDays: 0, buildOutdated: false });
  });

  it('allows staleAfterDays', () => {
    expect(assessDocs(facts({ lastCodeCommitAt: at(17) }), 7).status).toBe(
      'fresh',
    );
    expect(
      assessDocs(facts({ lastCodeCommitAt: new Date(at(17).getTime() + 1) }), 7)
        .status,
    ).toBe('stale');
  });

  it('is not-built when never built or built before the docs changed', () => {
    expect(assessDocs(facts({ lastBuiltAt: null }), 0)).toEqual({
      status: 'not-built',
      docsBehindDays: 0,
      buildOutdated: true,
    });
    expect(assessDocs(facts({ lastBuiltAt: at(9) }), 0)).toEqual({
      status: 'not-built',
      docsBehindDays: 0,
      buildOutdated: true,
    });
    // never built wins over stale; stale wins over an outdated build
    expect(
      assessDocs(facts({ lastBuiltAt: null, lastCodeCommitAt: at(15) }), 0)
        .status,
    ).toBe('not-built');
    expect(
      assessDocs(facts({ lastBuiltAt: at(9), lastCodeCommitAt: at(15) }), 0),
    ).toEqual({ status: 'stale', docsBehindDays: 5, buildOutdated: true });
  });

  it('is unknown when the repository could not be read or no commit touches the docs', () => {
    expect(
      assessDocs(
        facts({
          error: 'Not Found',
          lastDocsCommitAt: null,
          lastCodeCommitAt: null,
        }),
        0,
      ),
    ).toEqual({
      status: 'unknown',
      docsBehindDays: null,
      buildOutdated: false,
    });
    expect(assessDocs(facts({ lastDocsCommitAt: null }), 0)).toEqual({
      status: 'unknown',
      docsBehindDays: null,
      buildOutdated: false,
    });
  });
});
