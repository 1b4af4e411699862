import {
  VAULT_NAME_RULE,
  assertVaultName,
  namespacePolicy,
} from './vaultNames';

describe('assertVaultName', () => {
  it.each(['a', 'order-service', 'payments2', 'a1-b2-c3', 'x'.repeat(50)])(
    'accepts %j',
    name => {
      expect(assertVaultName('namespaceName', name)).toBe(name);
    },
  );

  it.each([
    ['empty', ''],
    ['a double quote', 'svc"'],
    ['a single quote', "svc'x"],
    ['braces', 'svc} path "*" {'],
    ['a newline', 'svc\npath "sys/*" { capabilities = ["sudo"] }'],
    ['a carriage return', 'svc\r'],
    ['a glob', 'svc*'],
    ['a parent path', '..'],
    ['a dotted path', 'svc/../sys'],
    ['a slash', 'team/svc'],
    ['a leading slash', '/svc'],
    ['a trailing hyphen', 'svc-'],
    ['a leading digit', '1svc'],
    ['uppercase', 'Svc'],
    ['an underscore', 'svc_name'],
    ['a space', 'svc name'],
    ['too long (51)', 'x'.repeat(51)],
    ['very long', 'x'.repeat(10_000)],
    ['non-ASCII', 'sérvice'],
    ['a lookalike letter', 'ѕvc'],
    ['a null byte', 'svc\u0000'],
    ['a template expression', '${{ secrets.token }}'],
    ['HCL interpolation', '${path}'],
  ])('refuses %s, stating the rule', (_what, value) => {
    expect(() => assertVaultName('namespaceName', value)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          `is not allowed: use ${VAULT_NAME_RULE}`,
        ),
      }),
    );
  });

  it('refuses values that are not strings', () => {
    expect(() => assertVaultName('teamName', 42)).toThrow(
      /teamName 42 is not allowed/,
    );
    expect(() => assertVaultName('teamName', undefined)).toThrow(
      /teamName undefined/,
    );
  });

  it('does not echo an unbounded value into the error', () => {
    expect(() => assertVaultName('teamName', 'y'.repeat(10_000))).toThrow(
      /^teamName "y{60}\.\.\." is not allowed/,
    );
  });
});

describe('namespacePolicy', () => {
  it('grants CRUD and list on the namespace only', () => {
    expect(namespacePolicy('order-service')).toBe(
      'path "order-service/*" {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n',
    );
  });

  it('refuses to build a policy from an unsafe name', () => {
    expect(() => namespacePolicy('x" {} path "sys/*')).toThrow(
      /is not allowed/,
    );
  });
});
