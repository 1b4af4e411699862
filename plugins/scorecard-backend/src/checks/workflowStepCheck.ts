import { parseAllDocuments } from 'yaml';
import { createScorecardCheckType } from '@internal/backstage-plugin-scorecard-node';
import { isRecord, optionalPattern, yamlDocuments } from './util';

/**
 * `workflow-step`: a GitHub Actions workflow of the entity's repository has
 * a step that uses a matching action or runs a matching command, e.g. the
 * guide's "Trivy step in GitHub Actions workflow".
 *
 * params: `uses` (regular expression on `uses:`, default
 * `^aquasecurity/trivy-action@`), `run` (regular expression on `run:`,
 * default `\btrivy\b`), `name` (what the step is, for messages, default
 * "Trivy").
 */
export const workflowStepCheckType = createScorecardCheckType({
  id: 'workflow-step',
  parseParams(params) {
    return {
      uses: optionalPattern(params, 'uses') ?? /^aquasecurity\/trivy-action@/,
      run: optionalPattern(params, 'run') ?? /\btrivy\b/,
      name: params?.getOptionalString('name') ?? 'Trivy',
    };
  },
  async evaluate(_entity, { uses, run, name }, context) {
    const workflows = (await context.repositoryYamlFiles()).filter(f =>
      f.path.startsWith('.github/workflows/'),
    );
    if (workflows.length === 0) {
      return {
        status: 'failed',
        detail: 'no GitHub Actions workflow in .github/workflows/',
      };
    }
    for (const file of workflows) {
      for (const doc of yamlDocuments(parseAllDocuments, file.content)) {
        const jobs = isRecord(doc) && isRecord(doc.jobs) ? doc.jobs : {};
        for (const [jobId, job] of Object.entries(jobs)) {
          const steps =
            isRecord(job) && Array.isArray(job.steps) ? job.steps : [];
          const found = steps.some(
            step =>
              isRecord(step) &&
              ((typeof step.uses === 'string' && uses.test(step.uses)) ||
                (typeof step.run === 'string' && run.test(step.run))),
          );
          if (found) {
            return {
              status: 'passed',
              detail: `${name} step in ${file.path} (job ${jobId})`,
            };
          }
        }
      }
    }
    return {
      status: 'failed',
      detail: `no ${name} step in ${workflows.map(w => w.path).join(', ')}`,
    };
  },
});
