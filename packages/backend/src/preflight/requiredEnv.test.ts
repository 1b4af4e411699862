import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  envVarsInYaml,
  findMissingEnvVars,
  requiredEnvVarsInYaml,
} from './requiredEnv';

describe('requiredEnvVarsInYaml', () => {
  it('finds ${VAR} in values, at any depth and within longer strings', () => {
    const yaml = `
backend:
  database:
    connection:
      host: \${POSTGRES_HOST}
      password: \${POSTGRES_PASSWORD}
  baseUrl: https://\${PORTAL_HOST}/portal
list:
  - token: \${ A_TOKEN }
`;
    expect(requiredEnvVarsInYaml(yaml).sort()).toEqual([
      'A_TOKEN',
      'PORTAL_HOST',
      'POSTGRES_HOST',
      'POSTGRES_PASSWORD',
    ]);
  });

  it('treats ${VAR:-fallback}, escaped $${VAR} and comments as not required', () => {
    const yaml = `
# token: \${IN_A_COMMENT}
port: \${POSTGRES_PORT:-5432}
optional: \${GITHUB_TOKEN:-}
literal: $\${NOT_A_VARIABLE}
`;
    expect(requiredEnvVarsInYaml(yaml)).toEqual([]);
  });

  it('reads every document of a multi-document file', () => {
    expect(requiredEnvVarsInYaml('a: ${ONE}\n---\nb: ${TWO}\n')).toEqual([
      'ONE',
      'TWO',
    ]);
  });
});

describe('envVarsInYaml', () => {
  it('tells required uses from defaulted ones, with the key that holds them', () => {
    const yaml = `
apps:
  - appId: \${GITHUB_APP_ID}
url: \${ARGOCD_URL:-https://argocd.example.com}/applications/{value}
headers:
  Authorization: Bearer \${GRAFANA_TOKEN}
list:
  - \${IN_A_LIST:-}
literal: $\${NOT_A_VARIABLE}
`;
    expect(envVarsInYaml(yaml)).toEqual([
      { name: 'GITHUB_APP_ID', required: true, key: 'appId', atStart: true },
      { name: 'ARGOCD_URL', required: false, key: 'url', atStart: true },
      {
        name: 'GRAFANA_TOKEN',
        required: true,
        key: 'Authorization',
        atStart: false,
      },
      { name: 'IN_A_LIST', required: false, key: undefined, atStart: true },
    ]);
  });
});

describe('findMissingEnvVars', () => {
  const dir = createMockDirectory({
    content: {
      'app-config.yaml': 'token: ${GITHUB_TOKEN:-}\n',
      'app-config.production.yaml':
        'host: ${POSTGRES_HOST}\nuser: ${POSTGRES_USER}\npassword: ${POSTGRES_PASSWORD}\n',
    },
  });
  const files = [
    dir.resolve('app-config.yaml'),
    dir.resolve('app-config.production.yaml'),
    dir.resolve('app-config.local.yaml'), // absent: ignored
  ];

  it('names each unset variable once, with the file that needs it', () => {
    expect(findMissingEnvVars(files, { POSTGRES_USER: 'backstage' })).toEqual([
      { name: 'POSTGRES_HOST', file: files[1] },
      { name: 'POSTGRES_PASSWORD', file: files[1] },
    ]);
  });

  it('accepts variables that are set, even to the empty string', () => {
    expect(
      findMissingEnvVars(files, {
        POSTGRES_HOST: 'db',
        POSTGRES_USER: 'backstage',
        POSTGRES_PASSWORD: '',
      }),
    ).toEqual([]);
  });
});
