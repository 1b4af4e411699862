import { parseAllDocuments } from 'yaml';
import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import { isRecord, optionalPattern, yamlDocuments } from './util';

/**
 * `prometheus-slo-rule`: the entity's repository holds a PrometheusRule
 * (monitoring.coreos.com) with at least one rule carrying an SLO label, the
 * guide's "PrometheusRule with slo labels in Git" (Sloth and Pyrra both
 * generate such rules).
 *
 * params: `labelPattern` (regular expression on label names, default `^slo`).
 */
export const prometheusSloRuleCheckType = createScorecardCheckType({
  id: 'prometheus-slo-rule',
  parseParams(params) {
    return { labelPattern: optionalPattern(params, 'labelPattern') ?? /^slo/ };
  },
  async evaluate(_entity, { labelPattern }, context) {
    const files = await context.repositoryYamlFiles();
    const withoutSloLabels: string[] = [];
    for (const file of files) {
      for (const doc of yamlDocuments(parseAllDocuments, file.content)) {
        if (!isRecord(doc) || doc.kind !== 'PrometheusRule') continue;
        const name = isRecord(doc.metadata) ? String(doc.metadata.name) : '?';
        const groups =
          isRecord(doc.spec) && Array.isArray(doc.spec.groups)
            ? doc.spec.groups
            : [];
        const sloRules = groups
          .flatMap(g => (isRecord(g) && Array.isArray(g.rules) ? g.rules : []))
          .filter(
            r =>
              isRecord(r) &&
              isRecord(r.labels) &&
              Object.keys(r.labels).some(k => labelPattern.test(k)),
          );
        if (sloRules.length > 0) {
          return {
            status: 'passed',
            detail: `PrometheusRule ${name} (${file.path}) has ${sloRules.length} rule(s) with SLO labels`,
          };
        }
        withoutSloLabels.push(`${name} (${file.path})`);
      }
    }
    if (withoutSloLabels.length > 0) {
      return {
        status: 'failed',
        detail: `PrometheusRule ${withoutSloLabels.join(
          ', ',
        )} has no rule with a label matching ${labelPattern.source}`,
      };
    }
    return {
      status: 'failed',
      detail: `no PrometheusRule in the repository (${files.length} YAML files read)`,
    };
  },
});
