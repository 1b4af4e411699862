import { context, entity, run } from './__testUtils__/runCheck';
import { prometheusSloRuleCheckType } from './prometheusSloRuleCheck';

const sloRule = (labels: string) => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: order-slo}
spec:
  groups:
    - name: g
      rules:
        - record: x
          expr: up
          labels: ${labels}
`;

describe('prometheus-slo-rule', () => {
  it('passes for a PrometheusRule with an SLO label, in a multi-document file', async () => {
    const files = [
      { path: 'README.yaml', content: 'a: [' }, // does not parse: ignored
      {
        path: 'deploy/all.yaml',
        content: `kind: Service\n---\n${sloRule(
          '{sloth_id: order-availability}',
        )}`,
      },
    ];
    expect(
      await run(
        prometheusSloRuleCheckType,
        undefined,
        entity(),
        context(files),
      ),
    ).toEqual({
      status: 'passed',
      detail:
        'PrometheusRule order-slo (deploy/all.yaml) has 1 rule(s) with SLO labels',
    });
  });
  it('fails for rules without SLO labels, and for none at all', async () => {
    expect(
      (
        await run(
          prometheusSloRuleCheckType,
          undefined,
          entity(),
          context([{ path: 'r.yaml', content: sloRule('{severity: page}') }]),
        )
      ).detail,
    ).toBe(
      'PrometheusRule order-slo (r.yaml) has no rule with a label matching ^slo',
    );
    expect(
      await run(prometheusSloRuleCheckType, undefined, entity(), context([])),
    ).toEqual({
      status: 'failed',
      detail: 'no PrometheusRule in the repository (0 YAML files read)',
    });
  });
  it('lets a repository that cannot be read surface as an error (unknown)', async () => {
    await expect(
      run(
        prometheusSloRuleCheckType,
        undefined,
        entity(),
        context(new Error('repository x could not be read (HTTP 404)')),
      ),
    ).rejects.toThrow('could not be read');
  });
});
