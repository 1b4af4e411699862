import {
  scaffolderTestDirectory,
  startScaffolderBackend,
} from './__testUtils__/startScaffolderBackend';

/*
 * scaffolder:dry-run-catalog-template with the real catalog and scaffolder:
 * the template's folder read from its location, the scaffolder's dry run
 * with the values, the rendered files and the log in the answer; parameters
 * the form refuses, a reference to no template and bad input explained.
 */

jest.setTimeout(60_000);

describe('scaffolder:dry-run-catalog-template', () => {
  const dir = scaffolderTestDirectory();
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderBackend(dir);
  });

  afterAll(() => backend?.stop());

  it('renders the template with the values, without side effects', async () => {
    const { status, body } = await backend.invoke('dry-run-catalog-template', {
      templateRef: 'node-library',
      values: { name: 'left-pad', owner: 'group:default/order-squad' },
    });
    expect(status).toBe(200);
    expect(body.output).toMatchObject({
      templateRef: 'template:default/node-library',
      steps: [
        { id: 'fetch', name: 'Fetch the skeleton', action: 'fetch:template' },
        { id: 'log', name: 'Say what was made', action: 'debug:log' },
      ],
      output: {
        links: [
          { title: 'Repository', url: 'https://github.com/myorg/left-pad' },
        ],
      },
      files: [
        {
          path: 'catalog-info.yaml',
          content: expect.stringContaining(
            'name: left-pad\nspec:\n  type: library\n  lifecycle: experimental\n  owner: group:default/order-squad\n',
          ),
        },
        {
          path: 'README.md',
          size: 11,
          content: '# left-pad\n',
        },
      ],
    });
    const log = body.output.log
      .map((l: { message: string }) => l.message)
      .join('\n');
    expect(log).toContain('info: Made left-pad');
    // eslint-disable-next-line no-control-regex
    expect(log).not.toMatch(/\u001b/);
    // the template's own folder is untouched
    expect(dir.content({ path: 'node-library' })).toEqual({
      'template.yaml': expect.any(String),
      skeleton: {
        'catalog-info.yaml': expect.stringContaining('${{ values.name }}'),
        'README.md': '# ${{ values.name }}\n',
      },
    });
  });

  it("gives the form's reasons for parameters it refuses", async () => {
    const { status, body } = await backend.invoke('dry-run-catalog-template', {
      templateRef: 'template:default/node-library',
      values: { name: 'Left Pad' },
    });
    expect(status).toBe(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toMatch(
      /^The template's parameters were refused: .*requires property "owner".*name does not match pattern/,
    );
  });

  it('says what is wrong with bad input, and with a template not in the catalog', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /templateRef.*Required/s],
      [
        { templateRef: 'template:default/' },
        400,
        /must be a template reference such as template:default\/go-microservice-template/,
      ],
      [
        { templateRef: 'node-library', values: ['left-pad'] },
        400,
        /values.*Expected object, received array/s,
      ],
      [
        { templateRef: 'component:default/order-service' },
        400,
        /component:default\/order-service is not a Template/,
      ],
      [
        { templateRef: 'template:default/nope' },
        404,
        /No template:default\/nope in the catalog/,
      ],
    ];
    for (const [input, status, message] of cases) {
      const res = await backend.invoke('dry-run-catalog-template', input);
      expect({ input, status: res.status }).toEqual({ input, status });
      expect(res.body.error.message).toMatch(message);
    }
  });
});
