import { parse } from 'yaml';
import type { RepoContent } from './content';
import type { Job } from './actionsModel';

/*
 * Workflow files: where they live, what they declare (name, triggers,
 * `workflow_dispatch` inputs, jobs and steps), and whether a push to a
 * branch triggers them (`branches`, `branches-ignore` filters).
 */

export const WORKFLOWS_DIR = '.github/workflows';

/** What the stand-in reads of a workflow file. */
export type ParsedWorkflow = {
  name?: string;
  triggers: Map<string, any>;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  jobs: Job[];
};

/** Parses a workflow file; undefined when it is not a valid workflow. */
export function parseWorkflow(content: string): ParsedWorkflow | undefined {
  let doc: any;
  try {
    doc = parse(content);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  // YAML 1.1 readers turn `on` into `true`
  const on = doc.on ?? doc.true;
  const triggers = new Map<string, any>();
  if (typeof on === 'string') triggers.set(on, null);
  else if (Array.isArray(on)) on.forEach(e => triggers.set(String(e), null));
  else if (on && typeof on === 'object') {
    Object.entries(on).forEach(([e, config]) => triggers.set(e, config));
  }
  const dispatch = triggers.get('workflow_dispatch');
  const jobs = Object.entries(
    doc.jobs && typeof doc.jobs === 'object' ? doc.jobs : {},
  ).map(([key, job]: [string, any]) => ({
    name: String(job?.name ?? key),
    steps: [
      'Set up job',
      ...(Array.isArray(job?.steps) ? job.steps : []).map((step: any) => {
        if (step?.name) return String(step.name);
        if (step?.uses) return `Run ${step.uses}`;
        return `Run ${String(step?.run ?? '').split('\n')[0]}`;
      }),
      'Complete job',
    ],
  }));
  return {
    name: typeof doc.name === 'string' ? doc.name : undefined,
    triggers,
    inputs: (dispatch && typeof dispatch === 'object' && dispatch.inputs) || {},
    jobs,
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function matchesFilters(patterns: unknown, value: string): boolean {
  let matched = false;
  for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
    const p = String(pattern);
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(value)) matched = false;
    } else if (globToRegExp(p).test(value)) matched = true;
  }
  return matched;
}

/** Whether a workflow's `push` trigger fires for a push to a branch. */
export function pushTriggers(workflow: ParsedWorkflow, branch: string) {
  if (!workflow.triggers.has('push')) return false;
  const config = workflow.triggers.get('push');
  if (!config || typeof config !== 'object') return true;
  if (config.branches !== undefined)
    return matchesFilters(config.branches, branch);
  if (config['branches-ignore'] !== undefined)
    return !matchesFilters(config['branches-ignore'], branch);
  // only tag filters: branch pushes do not trigger it
  return config.tags === undefined && config['tags-ignore'] === undefined;
}

/** The workflow files at a commit. */
export async function workflowFiles(
  content: RepoContent,
  commit: string,
): Promise<{ path: string; yaml: string }[]> {
  const dir = await content.entry(commit, WORKFLOWS_DIR);
  if (!dir || dir.type !== 'dir') return [];
  const files = dir.entries.filter(
    e => e.type === 'blob' && /\.ya?ml$/.test(e.path),
  );
  const result: { path: string; yaml: string }[] = [];
  for (const file of files) {
    const blob = await content.blob(file.sha);
    if (blob) result.push({ path: file.path, yaml: blob.toString('utf8') });
  }
  return result;
}
