import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { FREE_SANDBOX_PORTS, startSandbox, type Sandbox } from 'sandbox';
import { parse, stringify } from 'yaml';
import {
  BackendProcess,
  readyAndSignedIn,
  repoRoot,
  startBackendProcess,
  waitUntil,
} from '../__testUtils__/backendProcess';
import { PrivatePostgres } from '../__testUtils__/privatePostgres';

/*
 * Two backends on one PostgreSQL, as production's two replicas: scheduled
 * work runs once per interval across both, not once per backend. Observed
 * from outside: the GitHub stand-in counts the discovery provider's GraphQL
 * queries, the scorecard database the full evaluations (one owner snapshot
 * each). Both backends serve requests meanwhile.
 *
 * On a private PostgreSQL cluster: two backends hold some 70 connections,
 * which with other tests' on the shared server exceeds its 100.
 */

jest.setTimeout(420_000);

/** seconds between runs of the provider and of the full scorecard evaluation */
const INTERVAL_S = 10;
/** intervals observed */
const K = 6;

const probeEntity = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: fault-probe
spec:
  type: service
  lifecycle: experimental
  owner: group:default/platform-team
`;

describe('two backends on one PostgreSQL', () => {
  let pg: PrivatePostgres;
  let sandbox: Sandbox;
  let workDir: string;
  const backends: BackendProcess[] = [];
  const tokens: string[] = [];

  const api = (i: number, p: string) =>
    fetch(`${backends[i].baseUrl}/api${p}`, {
      headers: { authorization: `Bearer ${tokens[i]}` },
    });

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-two-backends-'));
    pg = await PrivatePostgres.create();
    await pg.start();
    sandbox = await startSandbox({ ports: FREE_SANDBOX_PORTS, repoRoot });
    sandbox.github.addRepo('myorg', 'fault-probe', {
      files: { 'catalog-info.yaml': probeEntity },
    });
    const dev = parse(
      fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    );
    const github = {
      apiBaseUrl: sandbox.github.apiBaseUrl,
      token: 'sandbox-github-token',
    };
    const schedule = {
      frequency: { seconds: INTERVAL_S },
      timeout: { minutes: 1 },
    };
    const configFile = path.join(workDir, 'two-backends.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        integrations: {
          github: [
            { host: 'github.com', ...github },
            { host: sandbox.github.host, ...github },
          ],
        },
        catalog: {
          // the teams from the file; the rest from GitHub discovery
          locations: dev.catalog.locations.filter((l: { target: string }) =>
            l.target.endsWith('/org.yaml'),
          ),
          providers: {
            github: {
              faults: {
                organization: 'myorg',
                catalogPath: '/catalog-info.yaml',
                filters: { branch: 'main', repository: '^fault-probe$' },
                schedule,
              },
            },
          },
        },
        scorecard: { schedule: { ...schedule, initialDelay: { seconds: 1 } } },
      }),
    );
    for (let i = 0; i < 2; i++) {
      // one after the other: the first one runs the migrations
      const backend = await startBackendProcess({
        args: ['--config', '../../app-config.yaml', '--config', configFile],
        env: {
          APP_CONFIG_backend_database: JSON.stringify({
            client: 'pg',
            connection: pg.connection,
          }),
        },
      });
      backends.push(backend);
      tokens.push(await readyAndSignedIn(backend));
    }
  });

  afterAll(async () => {
    await Promise.all(backends.map(b => b.stop()));
    await sandbox?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    await pg?.destroy();
  });

  it('runs the discovery provider and the scorecard evaluation once per interval, not once per backend', async () => {
    // the provider ran and its entity is scored, whichever backend did it
    await waitUntil(
      'fault-probe discovered and scored',
      async () => {
        const res = await api(
          0,
          '/scorecard/v1/entities/component/default/fault-probe',
        );
        return res.ok ? true : undefined;
      },
      { timeoutMs: 120_000, backend: backends[0] },
    );

    const scorecardDb = new Client({
      ...pg.connection,
      database: 'backstage_plugin_scorecard',
    });
    await scorecardDb.connect();
    // for the record: what two backends hold open
    const connections = async () =>
      (
        await scorecardDb.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
        )
      ).rows[0].n;
    const connectionsBefore = await connections();
    const snapshotTimes = async (from: Date, to: Date) =>
      (
        await scorecardDb.query<{ taken_at: Date }>(
          'select distinct taken_at from scorecard_owner_snapshots where taken_at >= $1 and taken_at <= $2 order by taken_at',
          [from, to],
        )
      ).rows.map(r => r.taken_at);

    // the window: K intervals, GitHub's GraphQL queries sampled to tell
    // runs apart (one run's pages come within a second)
    const graphql = () =>
      sandbox.github.requests.filter(
        r => r.method === 'POST' && r.path === '/api/graphql',
      ).length;
    const outputFrom = backends.map(b => b.output().length);
    const windowStart = new Date();
    const queriesBefore = graphql();
    const increments: number[] = [];
    let last = queriesBefore;
    const sampler = setInterval(() => {
      const now = graphql();
      if (now > last) increments.push(Date.now());
      last = now;
    }, 200);
    const answered = [0, 0];
    try {
      const end = Date.now() + K * INTERVAL_S * 1000;
      while (Date.now() < end) {
        // both backends serve meanwhile
        for (const i of [0, 1]) {
          const res = await api(
            i,
            '/catalog/entities/by-name/component/default/fault-probe',
          );
          expect(res.status).toBe(200);
          answered[i] += 1;
        }
        await new Promise(r =>
          setTimeout(r, Math.max(0, Math.min(2000, end - Date.now()))),
        );
      }
    } finally {
      clearInterval(sampler);
    }
    const windowEnd = new Date();
    const queries = graphql() - queriesBefore;
    const providerRuns = increments.filter(
      (t, i) => i === 0 || t - increments[i - 1] > 1500,
    ).length;
    const evaluations = (await snapshotTimes(windowStart, windowEnd)).length;
    const connectionsAfter = await connections();
    await scorecardDb.end();

    // which backend ran what, from their logs
    const ranBy = (pattern: RegExp) =>
      backends.map(
        (b, i) =>
          b
            .output()
            .slice(outputFrom[i])
            .split('\n')
            .filter(line => pattern.test(line)).length,
      );
    const providerLogs = ranBy(/Read \d+ GitHub repositories/);
    const evaluationLogs = ranBy(/Scorecards: evaluated \d+ entities/);
    // eslint-disable-next-line no-console
    console.log(
      [
        `window ${K} x ${INTERVAL_S} s (${
          windowEnd.getTime() - windowStart.getTime()
        } ms):`,
        `provider runs ${providerRuns} (${queries} GraphQL queries; by backend ${providerLogs.join(
          ' + ',
        )})`,
        `full scorecard evaluations ${evaluations} (by backend ${evaluationLogs.join(
          ' + ',
        )})`,
        `requests answered by backend ${answered.join(' + ')}`,
        `PostgreSQL connections of both: ${connectionsBefore} before, ${connectionsAfter} after`,
      ].join('\n'),
    );

    // about once per interval: not twice (once per backend), not never;
    // one GraphQL query a run (the organisation has one page of
    // repositories), so two runs close together are not taken for one
    expect(queries).toBe(providerRuns);
    expect(providerRuns).toBeGreaterThanOrEqual(K - 2);
    expect(providerRuns).toBeLessThanOrEqual(K + 1);
    expect(evaluations).toBeGreaterThanOrEqual(K - 2);
    expect(evaluations).toBeLessThanOrEqual(K + 1);
    // each run was one backend's: their logs add up to the runs observed
    // (give or take a run that straddles the window's edge)
    expect(
      Math.abs(providerLogs[0] + providerLogs[1] - providerRuns),
    ).toBeLessThanOrEqual(1);
    expect(
      Math.abs(evaluationLogs[0] + evaluationLogs[1] - evaluations),
    ).toBeLessThanOrEqual(1);
    expect(backends.map(b => b.hasExited())).toEqual([false, false]);
  });
});
