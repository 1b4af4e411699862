import { TestDatabases } from '@backstage/backend-test-utils';
import { serializeError } from '@backstage/errors';
import { Client } from 'pg';
import { freePort } from 'sandbox/freePort';
import { databaseAddress, findDatabaseDetail } from './databaseDetail';

const DB = { host: 'db.internal.example.com', port: 5432 };

describe('findDatabaseDetail', () => {
  it.each([
    [
      'a refused connection to the database',
      { name: 'Error', message: 'connect ECONNREFUSED 10.0.3.4:5432' },
      'database address',
    ],
    [
      'a timed-out connection over IPv6',
      { name: 'Error', message: 'connect ETIMEDOUT [fd00::5]:5432' },
      'database address',
    ],
    [
      "the address in Node's error fields only",
      {
        name: 'AggregateError',
        message: '',
        code: 'ECONNREFUSED',
        errors: [
          {
            name: 'Error',
            message: 'connect ECONNREFUSED',
            code: 'ECONNREFUSED',
            syscall: 'connect',
            address: '::1',
            port: 5432,
          },
        ],
      },
      'database address',
    ],
    [
      'the configured host name',
      {
        name: 'Error',
        message: 'getaddrinfo ENOTFOUND db.internal.example.com',
      },
      'database host',
    ],
    [
      "knex's pool timeout",
      {
        name: 'KnexTimeoutError',
        message:
          'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
      },
      'knex pool timeout',
    ],
    [
      'a connection dropped under a query, with its SQL',
      {
        name: 'Error',
        message:
          'select "entity_id" from "final_entities" where "entity_ref" = $1 - Connection terminated unexpectedly',
      },
      'connection dropped',
    ],
    [
      'a server shutting down',
      {
        name: 'error',
        message: 'the database system is shutting down',
        severity: 'FATAL',
        code: '57P03',
      },
      'server not accepting',
    ],
    [
      'no connection to spare, known by its SQLSTATE only',
      { name: 'error', message: 'x', severity: 'FATAL', code: '53300' },
      'SQLSTATE 53300',
    ],
    [
      'a busy SQLite database',
      {
        name: 'SqliteError',
        message: 'database is locked',
        code: 'SQLITE_BUSY',
      },
      'sqlite busy',
    ],
    [
      "a ResponseError's body with this guard's message",
      {
        name: 'ResponseError',
        message: 'Request failed with 503 Service Unavailable',
        response: {},
        body: {
          error: {
            name: 'ServiceUnavailableError',
            message:
              "The portal's database did not answer; try again shortly (request id x)",
          },
        },
        statusCode: 503,
      },
      'database guard',
    ],
    [
      'a cause that names the database',
      {
        name: 'Error',
        message: 'Failed to read entity',
        cause: {
          name: 'Error',
          message: 'connect ECONNREFUSED 127.0.0.1:5432',
        },
      },
      'database address',
    ],
  ])('%s: unavailable', (_what, error, rule) => {
    expect(findDatabaseDetail(error, DB)).toEqual({
      kind: 'unavailable',
      rule,
    });
  });

  it.each([
    [
      'SQL text',
      {
        name: 'Error',
        message:
          'insert into "refresh_state" ("entity_id") values ($1) - something odd',
      },
      'sql text',
    ],
    [
      'a constraint violation',
      {
        name: 'Error',
        message: 'duplicate key value violates unique constraint "x_pkey"',
      },
      'postgres message',
    ],
    [
      'a pg error by its shape',
      { name: 'error', message: 'x', severity: 'ERROR', code: '42P01' },
      'SQLSTATE 42P01',
    ],
    [
      'a SQLite code',
      { name: 'Error', message: 'SQLITE_CORRUPT: x' },
      'sqlite code',
    ],
  ])('%s: failed', (_what, error, rule) => {
    expect(findDatabaseDetail(error, DB)).toEqual({ kind: 'failed', rule });
  });

  it.each([
    // other services' failures, whose text the frontend shows on purpose
    'SonarQube at https://sonarqube.example.com:9000 answered 502 Bad Gateway',
    'request to https://api.github.com/repos/x failed, reason: connect ECONNREFUSED 140.82.112.5:443',
    'read ECONNRESET',
    'Vault is sealed',
    'Cluster prod did not answer within 10 s',
    'Please select a template from the list',
    'Lighthouse audit service at http://127.0.0.1:3003 answered 503',
    'An internal error occurred logId=3f2a',
  ])('leaves %j alone', message => {
    expect(findDatabaseDetail({ name: 'Error', message }, DB)).toBeUndefined();
  });

  it('does not take a loopback host name for the database', () => {
    expect(
      findDatabaseDetail(
        {
          name: 'Error',
          message: 'http://localhost:7007/api/catalog answered 503',
        },
        { host: 'localhost', port: 5432 },
      ),
    ).toBeUndefined();
  });

  it("recognises pg's own error for a port where nothing listens", async () => {
    const port = await freePort();
    const client = new Client({
      host: '127.0.0.1',
      port,
      connectionTimeoutMillis: 5000,
    });
    const error = await client.connect().then(
      () => undefined,
      e => e,
    );
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    const address = databaseAddress({ host: '127.0.0.1', port });
    expect(address).toEqual({ host: '127.0.0.1', port });
    // as thrown and as a response body carries it
    expect(findDatabaseDetail(error, address)?.kind).toBe('unavailable');
    expect(findDatabaseDetail(serializeError(error), address)?.kind).toBe(
      'unavailable',
    );
    // the same error seen by a portal whose database is elsewhere is some
    // other service's, and none of this rule's business
    expect(findDatabaseDetail(serializeError(error), DB)).toBeUndefined();
  });

  it('takes the address from a connection string', () => {
    expect(
      databaseAddress({ connectionString: 'postgresql://u@db.example:6543/x' }),
    ).toEqual({ host: 'db.example', port: 6543 });
    expect(databaseAddress(undefined)).toEqual({});
  });
});

describe('findDatabaseDetail on the errors of the real engines', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    '%p: a query on a missing table',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const error = await knex('no_such_table')
        .where({ id: 'x' })
        .select()
        .then(
          () => undefined,
          e => e,
        );
      expect(error).toMatchObject({ message: expect.any(String) });
      expect(findDatabaseDetail(error, {})).toEqual({
        kind: 'failed',
        rule: expect.any(String),
      });
      expect(findDatabaseDetail(serializeError(error), {})).toEqual({
        kind: 'failed',
        rule: expect.any(String),
      });
    },
  );
});
