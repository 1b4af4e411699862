import { createMockDirectory } from '@backstage/backend-test-utils';
import { targetPaths } from '@backstage/cli-common';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { envShapes, findBadEnvShapes, shapes } from './envShapes';
import { envVarsInYaml } from './requiredEnv';

// a self-signed certificate (public, no key kept), as a cluster CA would be
const certificate = `-----BEGIN CERTIFICATE-----
MIIBkDCCATWgAwIBAgIUQsWz0lRPnrPC2thnak1Xv3P3XaowCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRcHJlZmxpZ2h0IHRlc3QgQ0EwIBcNMjYxMjA2MjMwMjE4WhgP
MjEyNjExMTIyMzAyMThaMBwxGjAYBgNVBAMMEXByZWZsaWdodCB0ZXN0IENBMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEPKhPXF0ST1fU8ajo1XKl1Ke6mHDNSOKo
nvIc2yA0Z2zNAsz4nRePinAI8mbkZ0PvszD8p+ZUWEdqaPUE4sOlYKNTMFEwHQYD
VR0OBBYEFJZ2ejp4RfPlTbjCW4MX7khH48IxMB8GA1UdIwQYMBaAFJZ2ejp4RfPl
TbjCW4MX7khH48IxMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIh
AO+U7q2rcnN7AM0XQ0fwvLwF3aaK+7dGqOsSSfoRA/TBAiEA2G71ijonxg3bLOMe
uW6NJQfDncm/3JFXDo5eEmW3o6E=
-----END CERTIFICATE-----
`;
const base64 = (text: string) => Buffer.from(text).toString('base64');

// generated per run: no private key is kept in the repository
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('shapes', () => {
  it.each([
    [
      'positiveInteger',
      ['1', '123456', ' 42\n'],
      [
        '',
        ' ',
        '12 34',
        '12a',
        '-1',
        '1.5',
        '1e3',
        '0',
        '99999999999999999999',
      ],
    ],
    ['port', ['1', '5432', '65535'], ['', '54 32', '0', '65536', 'postgres']],
    [
      'url',
      [
        'https://vault.internal.example.com',
        'http://127.0.0.1:8200/',
        'https://hooks.slack.com/services/T0/B0/x',
      ],
      [
        '',
        'vault.internal.example.com',
        'vault:8200',
        '//vault',
        'ftp://vault',
        'https://',
        'https://vault\n',
        'https://va ult',
      ],
    ],
    [
      'redisUrl',
      [
        'redis://redis.backstage.svc:6379',
        'rediss://:s3cret@cache.internal.example.com:6380',
        'redis://127.0.0.1',
      ],
      [
        '',
        'redis.backstage.svc:6379',
        'https://redis.backstage.svc',
        'redis://',
        'redis://host:6379\n',
        'redis://ho st',
      ],
    ],
    [
      'githubAppPrivateKey',
      [pkcs1, pkcs8, pkcs1.trim().replace(/\n/g, '\\n')],
      [
        '',
        'set',
        pkcs1.replace(/-----(BEGIN|END) [A-Z ]+-----/g, ''),
        pkcs1.replace(/-----END .*-----/, ''),
        pkcs1.replace(/\n/g, ' '),
        pkcs1.replace('MII', 'xMII'),
        rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        crypto
          .generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      ],
    ],
    [
      'base64PemCertificate',
      [base64(certificate), base64(certificate).replace(/(.{76})/g, '$1\n')],
      [
        '',
        'set',
        certificate,
        base64('not a certificate'),
        base64(pkcs1),
        base64(certificate.replace('MII', 'xMII')),
        `${base64(certificate)}!`,
      ],
    ],
    [
      'staticAccessToken',
      ['a'.repeat(8), crypto.randomBytes(24).toString('hex')],
      ['', 'short', 'has a space in it', `${'a'.repeat(20)}\n`],
    ],
    [
      'pseudonymisationSecret',
      ['a'.repeat(32), crypto.randomBytes(32).toString('hex')],
      ['', 'a'.repeat(31), `${'a'.repeat(32)} b`, `${'a'.repeat(40)}\n`],
    ],
  ] as const)(
    '%s accepts good values and rejects bad ones',
    (name, good, bad) => {
      const shape = shapes[name];
      for (const value of good)
        expect({ value, reason: shape.check(value) }).toEqual({
          value,
          reason: undefined,
        });
      for (const value of bad)
        expect({ value, reason: shape.check(value) }).toEqual({
          value,
          reason: expect.any(String),
        });
    },
  );

  it('gives the reason without the value', () => {
    expect(shapes.positiveInteger.check('12 34')).toBe(
      'it contains whitespace',
    );
    expect(shapes.url.check('vault.internal.example.com:8200')).toBe(
      'it has no scheme (http:// or https://)',
    );
    expect(shapes.redisUrl.check('https://redis:6379')).toBe(
      'its scheme is https, not redis or rediss',
    );
    expect(shapes.redisUrl.check('redis:///0')).toBe('it has no host');
    expect(shapes.githubAppPrivateKey.check('MIIEowIBAAKCAQEA')).toBe(
      'it has no -----BEGIN ...----- line',
    );
    expect(shapes.githubAppPrivateKey.check(pkcs1.replace(/\n/g, ' '))).toBe(
      'its lines are not separated by newlines (or a literal \\n)',
    );
    expect(shapes.base64PemCertificate.check(certificate)).toBe(
      'it is the PEM itself; base64-encode it (base64 -w0 ca.crt)',
    );
    expect(shapes.base64PemCertificate.check('not~base64')).toBe(
      'it is not base64',
    );
    const secret = pkcs1.replace('MII', 'xMII');
    const reason = shapes.githubAppPrivateKey.check(secret)!;
    expect(reason).toMatch(/^the key does not load \(/);
    for (const line of secret.split('\n').slice(1, -2))
      expect(reason).not.toContain(line);
  });
});

describe('envShapes', () => {
  const configFiles = ['app-config.yaml', 'app-config.production.yaml'];
  const used = configFiles.flatMap(file =>
    envVarsInYaml(
      fs.readFileSync(path.join(targetPaths.rootDir, file), 'utf8'),
    ).map(v => ({ ...v, file })),
  );

  it('has a shape for every variable the production config uses', () => {
    const undecided = used
      .filter(v => !(v.name in envShapes))
      .map(v => `${v.name} (${v.file})`);
    expect(undecided).toEqual([]);
  });

  it('lists no variable that no config file uses', () => {
    const names = new Set(used.map(v => v.name));
    expect(Object.keys(envShapes).filter(name => !names.has(name))).toEqual([]);
  });

  // where the key says what the value is, the table must agree
  const shapeOfKey: Record<string, string> = {
    appId: 'positiveInteger',
    privateKey: 'githubAppPrivateKey',
    caData: 'base64PemCertificate',
    port: 'port',
    url: 'url',
    baseUrl: 'url',
    apiBaseUrl: 'url',
    target: 'url',
    endpoint: 'url',
    domain: 'url',
    audience: 'url',
  };
  const keyed = used.filter(v => v.key && v.atStart && v.key in shapeOfKey);
  it.each(
    [...new Set(keyed.map(v => JSON.stringify([v.name, v.key, v.file])))].map(
      v => JSON.parse(v) as [string, string, string],
    ),
  )('%s, the value of %s in %s, has the shape of that key', (name, key) => {
    expect(envShapes[name]).toBe(shapeOfKey[key]);
  });
});

describe('findBadEnvShapes', () => {
  const dir = createMockDirectory({
    content: {
      'app-config.yaml':
        'audience: ${OKTA_AUDIENCE:-https://example.okta.com}\nca: ${SANDBOX_CA_DATA:-}\n',
      'app-config.production.yaml':
        'appId: ${GITHUB_APP_ID}\nvault: ${VAULT_ADDR}\nuser: ${POSTGRES_USER}\nother: ${NOT_IN_THE_TABLE}\n',
    },
  });
  const files = [
    dir.resolve('app-config.yaml'),
    dir.resolve('app-config.production.yaml'),
  ];

  it('names each variable of the wrong shape once, with the file that uses it', () => {
    expect(
      findBadEnvShapes(files, {
        OKTA_AUDIENCE: 'example.okta.com',
        GITHUB_APP_ID: '12 34',
        VAULT_ADDR: 'https://vault.example.com',
        POSTGRES_USER: '',
        NOT_IN_THE_TABLE: 'anything',
      }),
    ).toEqual([
      {
        name: 'OKTA_AUDIENCE',
        file: files[0],
        required: false,
        what: 'an absolute http(s) URL',
        reason: 'it has no scheme (http:// or https://)',
      },
      {
        name: 'GITHUB_APP_ID',
        file: files[1],
        required: true,
        what: 'a positive integer',
        reason: 'it contains whitespace',
      },
    ]);
  });

  it('leaves unset variables, and empty ones that have a default, alone', () => {
    expect(
      findBadEnvShapes(files, { SANDBOX_CA_DATA: '', OKTA_AUDIENCE: '' }),
    ).toEqual([]);
    expect(findBadEnvShapes(files, { GITHUB_APP_ID: '' })).toEqual([
      expect.objectContaining({ name: 'GITHUB_APP_ID', reason: 'it is empty' }),
    ]);
  });
});
