import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import {
  findOnPath,
  prependToPythonPath,
  readMkdocsPythonPath,
} from './localMkdocs';

describe('readMkdocsPythonPath', () => {
  const config = (pythonPath?: string[]) =>
    new ConfigReader({ techdocs: { generator: { mkdocs: { pythonPath } } } });

  it('takes relative folders from the repository root and keeps absolute ones', () => {
    expect(
      readMkdocsPythonPath(
        config(['techdocs/mkdocs-techdocs-core', '/opt/plugins']),
        '/repo',
      ),
    ).toEqual(['/repo/techdocs/mkdocs-techdocs-core', '/opt/plugins']);
  });

  it('is empty by default and when production empties it', () => {
    expect(readMkdocsPythonPath(new ConfigReader({}), '/repo')).toEqual([]);
    expect(readMkdocsPythonPath(config([]), '/repo')).toEqual([]);
  });
});

describe('prependToPythonPath', () => {
  it('puts the folders first, each once', () => {
    expect(prependToPythonPath(undefined, ['/a'])).toBe('/a');
    expect(prependToPythonPath('', ['/a', '/b'])).toBe('/a:/b');
    expect(prependToPythonPath('/x:/a:/y', ['/a'])).toBe('/a:/x:/y');
    expect(prependToPythonPath('/a', ['/a'])).toBe('/a');
  });
});

describe('findOnPath', () => {
  const dir = createMockDirectory();

  it('finds an executable file as a spawned process would, and nothing else', async () => {
    dir.setContent({
      empty: {},
      plain: { mkdocs: 'not executable' },
      bin: { mkdocs: '#!/bin/sh\n' },
      folder: { mkdocs: {} },
    });
    fs.chmodSync(dir.resolve('bin/mkdocs'), 0o755);
    const on = (...dirs: string[]) =>
      dirs.map(d => dir.resolve(d)).join(path.delimiter);

    expect(await findOnPath('mkdocs', on('empty', 'plain', 'bin'))).toBe(
      dir.resolve('bin/mkdocs'),
    );
    expect(
      await findOnPath('mkdocs', on('empty', 'plain', 'folder')),
    ).toBeUndefined();
    expect(await findOnPath('mkdocs', '')).toBeUndefined();
  });
});
