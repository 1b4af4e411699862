import { Entity } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import { createMockDirectory } from '@backstage/backend-test-utils';
import path from 'node:path';
import { FilePlaceholderProcessor } from './FilePlaceholderProcessor';

describe('FilePlaceholderProcessor', () => {
  const mockDir = createMockDirectory({
    content: {
      'catalog/apis/order.yaml': 'openapi: 3.0.3\n',
      'catalog/apis/data.json': '{"a": 1}',
      'catalog/apis/data.yaml': 'b: 2\n',
      'catalog/apis/broken.json': '{oops',
      'catalog/system/entities.yaml': '',
      'secrets/app-config.local.yaml': 'token: secret\n',
    },
  });
  const catalogDir = mockDir.resolve('catalog');
  const location = {
    type: 'file',
    target: mockDir.resolve('catalog/system/entities.yaml'),
  };
  const processor = new FilePlaceholderProcessor({
    allowedDirectories: [catalogDir],
  });
  const emit = jest.fn();

  const api = (definition: JsonValue): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'order-api' },
    spec: { type: 'openapi', definition },
  });

  beforeEach(() => emit.mockClear());

  it('runs before the built-in placeholder processor', () => {
    expect(processor.getPriority()).toBeLessThan(20);
  });

  it('reads $text, $json and $yaml relative to the entity file', async () => {
    const text = await processor.preProcessEntity(
      api({ $text: '../apis/order.yaml' }),
      location,
      emit,
    );
    expect(text.spec?.definition).toBe('openapi: 3.0.3\n');
    expect(emit).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'refresh',
        key: `file:${path.join(catalogDir, 'apis/order.yaml')}`,
      }),
    );

    const json = await processor.preProcessEntity(
      api({ $json: '../apis/data.json' }),
      location,
      emit,
    );
    expect(json.spec?.definition).toEqual({ a: 1 });

    const yml = await processor.preProcessEntity(
      api([{ $yaml: '../apis/data.yaml' }]),
      location,
      emit,
    );
    expect(yml.spec?.definition).toEqual([{ b: 2 }]);
  });

  it.each([
    ['a parent-directory escape', '../../secrets/app-config.local.yaml'],
    ['an absolute path', '/etc/passwd'],
    ['the allowed directory itself', '../'],
  ])('refuses %s', async (_name, value) => {
    await expect(
      processor.preProcessEntity(api({ $text: value }), location, emit),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'outside the directories allowed by catalog.filePlaceholders.allowedDirectories',
      ),
    });
  });

  it('refuses everything when no directory is allowed', async () => {
    const closed = new FilePlaceholderProcessor({ allowedDirectories: [] });
    await expect(
      closed.preProcessEntity(
        api({ $text: '../apis/order.yaml' }),
        location,
        emit,
      ),
    ).rejects.toThrow(/none configured/);
  });

  it('reports a missing file and unparseable JSON as input errors', async () => {
    await expect(
      processor.preProcessEntity(
        api({ $text: '../apis/nope.yaml' }),
        location,
        emit,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('could not read'),
    });
    await expect(
      processor.preProcessEntity(
        api({ $json: '../apis/broken.json' }),
        location,
        emit,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('could not parse'),
    });
  });

  it('leaves URLs, url locations and other $ keys to the built-in processor', async () => {
    const url = api({ $text: 'https://example.com/openapi.yaml' });
    expect(await processor.preProcessEntity(url, location, emit)).toEqual(url);

    const fromUrl = api({ $text: './openapi.yaml' });
    expect(
      await processor.preProcessEntity(
        fromUrl,
        {
          type: 'url',
          target: 'https://github.com/o/r/blob/main/catalog-info.yaml',
        },
        emit,
      ),
    ).toEqual(fromUrl);

    const jsonSchema = api({ $ref: '#/definitions/x' });
    expect(
      await processor.preProcessEntity(jsonSchema, location, emit),
    ).toEqual(jsonSchema);
    expect(emit).not.toHaveBeenCalled();
  });
});
