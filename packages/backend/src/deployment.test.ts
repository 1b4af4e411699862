import Ajv2020 from 'ajv/dist/2020';
import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { requiredEnvVarsInYaml } from './preflight/requiredEnv';

/*
 * charts/: every values file validates against the Backstage Helm chart's
 * own schema (2.8.2, vendored in charts/schema), and the example Secret
 * holds every variable the production config requires.
 */

const root = targetPaths.rootDir;
const schemaFile =
  process.env.BACKSTAGE_CHART_SCHEMA ??
  path.join(root, 'charts/schema/backstage-chart-2.8.2.values.schema.json');
const valuesFiles = fs
  .readdirSync(path.join(root, 'charts'))
  .filter(f => /values.*\.ya?ml$/.test(f))
  .map(f => path.join(root, 'charts', f));

describe('Helm values', () => {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // The chart's schema embeds the PostgreSQL subchart's, which uses
  // draft-04 style keywords ("form"); ajv would refuse them in strict mode.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
  });
  const validate = ajv.compile(schema);

  it('there are values files to check', () => {
    expect(valuesFiles.map(f => path.basename(f))).toContain(
      'backstage-values.yaml',
    );
  });

  it.each(valuesFiles.map(f => [path.basename(f), f]))(
    '%s validates against the chart schema',
    (_name, file) => {
      const values = parse(fs.readFileSync(file, 'utf8'));
      validate(values);
      expect(validate.errors ?? []).toEqual([]);
    },
  );

  it('the guide values, as written, do not validate (the keys we fixed)', () => {
    const seed = {
      backstage: { extraEnvVarsSecret: 'backstage-secrets' },
      ingress: {
        enabled: true,
        ingressClassName: 'nginx',
        host: 'portal.internal.example.com',
      },
    };
    validate(seed);
    const paths = (validate.errors ?? []).map(e =>
      `${e.instancePath} ${e.params.additionalProperty ?? ''}`.trim(),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/backstage extraEnvVarsSecret',
        '/ingress ingressClassName',
      ]),
    );
  });
});

describe('backstage-secrets', () => {
  const secretKeys = (file: string) =>
    parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8'))
      .map(d => d.toJS())
      .filter(d => d?.kind === 'Secret')
      .flatMap(d => Object.keys(d.stringData ?? {}));

  it('the example Secret has every variable the production config requires', () => {
    const required = [
      ...requiredEnvVarsInYaml(
        fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
      ),
      ...requiredEnvVarsInYaml(
        fs.readFileSync(
          path.join(root, 'charts/backstage-values.yaml'),
          'utf8',
        ),
      ),
    ];
    const keys = secretKeys('charts/secrets/backstage-secrets.example.yaml');
    expect(required.filter(v => !keys.includes(v))).toEqual([]);
  });

  it('the Helm values take their environment from that Secret', () => {
    const values = parse(
      fs.readFileSync(path.join(root, 'charts/backstage-values.yaml'), 'utf8'),
    );
    expect(values.backstage.extraEnvVarsSecrets).toEqual(['backstage-secrets']);
    const external = parse(
      fs.readFileSync(
        path.join(root, 'charts/secrets/external-secret.yaml'),
        'utf8',
      ),
    );
    expect(external.spec.target.name).toBe('backstage-secrets');
  });
});
