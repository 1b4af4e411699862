import {
  APP_BASE_URL,
  scaffolderTestDirectory,
  startScaffolderBackend,
} from './__testUtils__/startScaffolderBackend';

/*
 * scaffolder:list-templates with the real catalog and scaffolder: each
 * template with its Create page and the parameters the scaffolder serves;
 * the text filter; bad input refused with a message.
 */

jest.setTimeout(60_000);

describe('scaffolder:list-templates', () => {
  const dir = scaffolderTestDirectory();
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderBackend(dir);
  });

  afterAll(() => backend?.stop());

  it('lists the templates with their Create page and parameters', async () => {
    const { status, body } = await backend.invoke('list-templates', {});
    expect(status).toBe(200);
    expect(body.output).toEqual({
      totalItems: 1,
      templates: [
        {
          templateRef: 'template:default/node-library',
          title: 'Node.js library',
          description: 'A library published to the internal registry',
          type: 'library',
          owner: 'group:default/platform-team',
          tags: ['node', 'library'],
          url: `${APP_BASE_URL}/create/templates/default/node-library`,
          parameters: [
            {
              title: 'About the library',
              schema: expect.objectContaining({
                required: ['name', 'owner'],
                properties: expect.objectContaining({
                  name: expect.objectContaining({
                    pattern: '^[a-z][a-z0-9-]*$',
                  }),
                }),
              }),
            },
            {
              title: 'Options',
              schema: expect.objectContaining({
                properties: {
                  typescript: {
                    title: 'TypeScript',
                    type: 'boolean',
                    default: true,
                  },
                },
              }),
            },
          ],
        },
      ],
    });
  });

  it('filters by text', async () => {
    const hit = await backend.invoke('list-templates', { text: 'registry' });
    expect(hit.body.output.totalItems).toBe(1);
    const miss = await backend.invoke('list-templates', { text: 'kotlin' });
    expect(miss.body.output).toEqual({ totalItems: 0, templates: [] });
  });

  it('says what is wrong with bad input', async () => {
    const cases: [unknown, RegExp][] = [
      [{ limit: 0 }, /Number must be greater than or equal to 1/],
      [{ limit: 'all' }, /Expected number, received string/],
      [{ text: '' }, /String must contain at least 1 character/],
      [{ kind: 'Template' }, /Unrecognized key\(s\) in object: 'kind'/],
    ];
    for (const [input, message] of cases) {
      const res = await backend.invoke('list-templates', input);
      expect({ input, status: res.status }).toEqual({ input, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
  });
});
