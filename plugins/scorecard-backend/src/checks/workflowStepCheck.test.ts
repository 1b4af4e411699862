import { context, entity, run } from './__testUtils__/runCheck';
import { workflowStepCheckType } from './workflowStepCheck';

describe('workflow-step', () => {
  const workflow = (step: string) => `name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      ${step}
`;
  it('finds the Trivy action or a trivy command', async () => {
    expect(
      await run(
        workflowStepCheckType,
        undefined,
        entity(),
        context([
          {
            path: '.github/workflows/ci.yml',
            content: workflow('- uses: aquasecurity/trivy-action@0.35.0'),
          },
        ]),
      ),
    ).toEqual({
      status: 'passed',
      detail: 'Trivy step in .github/workflows/ci.yml (job build)',
    });
    expect(
      (
        await run(
          workflowStepCheckType,
          undefined,
          entity(),
          context([
            {
              path: '.github/workflows/ci.yml',
              content: workflow('- run: trivy image --exit-code 1 app'),
            },
          ]),
        )
      ).status,
    ).toBe('passed');
  });
  it('fails without the step, and without workflows (files elsewhere do not count)', async () => {
    expect(
      (
        await run(
          workflowStepCheckType,
          undefined,
          entity(),
          context([
            {
              path: '.github/workflows/ci.yml',
              content: workflow('- run: make'),
            },
            {
              path: 'docs/trivy.yml',
              content: workflow('- uses: aquasecurity/trivy-action@1'),
            },
          ]),
        )
      ).detail,
    ).toBe('no Trivy step in .github/workflows/ci.yml');
    expect(
      (await run(workflowStepCheckType, undefined, entity(), context([])))
        .detail,
    ).toBe('no GitHub Actions workflow in .github/workflows/');
  });
});
