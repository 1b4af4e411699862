import express from 'express';
import crypto from 'node:crypto';
import { parse } from 'yaml';
import type { Caller } from './auth';
import type { RepoContent } from './content';
import { loadRepo, Owner, paginate, StandInContext } from './context';
import { asyncHandler, notFound, sendError } from './errors';
import { GitCommit, isoSeconds } from './git';
import { GitHubRepo, nodeId } from './model';

/** How a workflow run's conclusion comes out. */
export type GitHubRunConclusion =
  | 'success'
  | 'failure'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'neutral'
  | 'action_required';

/**
 * How runs the stand-in creates (dispatch, push, re-run) progress: queued
 * for `queuedMs`, in progress for `durationMs`, then completed with
 * `conclusion`.
 */
export type GitHubWorkflowRunTiming = {
  queuedMs: number;
  durationMs: number;
  conclusion: GitHubRunConclusion;
};

/** A workflow run to seed, e.g. history for the GitHub Actions plugin. */
export type GitHubWorkflowRunSeed = {
  /** file name under .github/workflows (default `ci.yaml`) */
  workflow?: string;
  /** the workflow's name (default its YAML `name`, else its path) */
  name?: string;
  /** default `push` */
  event?: string;
  /** default the repository's default branch */
  branch?: string;
  /** default the branch's head commit */
  headSha?: string;
  /** the head commit's message (default `Update <workflow>`) */
  message?: string;
  author?: { name: string; email: string };
  /** login of the user who triggered it (default `octocat`) */
  actor?: string;
  /** default `completed` */
  status?: 'queued' | 'in_progress' | 'completed';
  /** default `success` when completed, null otherwise */
  conclusion?: GitHubRunConclusion | null;
  createdAt?: string | Date;
  updatedAt?: string | Date;
  /** default the jobs of the workflow's YAML, else one `build` job */
  jobs?: { name: string; steps?: string[] }[];
};

type Job = { name: string; steps: string[] };

type HeadCommit = {
  id: string;
  tree_id: string;
  message: string;
  timestamp: string;
  author: { name: string; email: string };
  committer: { name: string; email: string };
};

type Run = {
  id: number;
  runNumber: number;
  runAttempt: number;
  workflowPath: string;
  workflowName: string;
  event: string;
  headBranch: string | null;
  headSha: string;
  headCommit: HeadCommit;
  displayTitle: string;
  actor: { login: string; type: 'User' | 'Bot' };
  createdAt: number;
  /** when the current attempt was created */
  startedAt: number;
  timing?: GitHubWorkflowRunTiming;
  fixed?: {
    status: 'queued' | 'in_progress' | 'completed';
    conclusion: string | null;
    updatedAt: number;
  };
  jobs: Job[];
  jobIds: number[];
  logToken: string;
  inputs?: Record<string, unknown>;
};

type Workflow = { id: number; path: string; name: string; createdAt: number };

type RepoActions = {
  workflows: Map<string, Workflow>;
  runs: Run[];
  outcomes: Map<string, Partial<GitHubWorkflowRunTiming>>;
};

type ParsedWorkflow = {
  name?: string;
  triggers: Map<string, any>;
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  jobs: Job[];
};

const WORKFLOWS_DIR = '.github/workflows';
const ZERO_SHA = '0'.repeat(40);

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

/**
 * GitHub Actions as the API shows it: workflows (the YAML files under
 * .github/workflows), runs created by `workflow_dispatch`, pushes, re-runs
 * and seeds, progressing queued -> in_progress -> completed as time passes.
 */
export class WorkflowEngine {
  private readonly repos = new WeakMap<GitHubRepo, RepoActions>();
  private readonly jobs = new Map<
    number,
    { repo: GitHubRepo; run: Run; index: number }
  >();
  private nextRunId = 1_000_000_001;
  private nextJobId = 2_000_000_001;
  private nextWorkflowId = 60_000_001;

  constructor(
    private readonly defaults: GitHubWorkflowRunTiming,
    private readonly now: () => number = Date.now,
  ) {}

  private state(repo: GitHubRepo): RepoActions {
    let state = this.repos.get(repo);
    if (!state) {
      state = { workflows: new Map(), runs: [], outcomes: new Map() };
      this.repos.set(repo, state);
    }
    return state;
  }

  workflow(repo: GitHubRepo, path: string, name?: string): Workflow {
    const state = this.state(repo);
    let workflow = state.workflows.get(path);
    if (!workflow) {
      workflow = {
        id: this.nextWorkflowId++,
        path,
        name: name ?? path,
        createdAt: this.now(),
      };
      state.workflows.set(path, workflow);
    } else if (name) workflow.name = name;
    return workflow;
  }

  /** Sets how future runs of a workflow (file name) come out. */
  setOutcome(
    repo: GitHubRepo,
    workflowFile: string,
    outcome: Partial<GitHubWorkflowRunTiming>,
  ) {
    this.state(repo).outcomes.set(`${WORKFLOWS_DIR}/${workflowFile}`, outcome);
  }

  private timing(repo: GitHubRepo, path: string): GitHubWorkflowRunTiming {
    return { ...this.defaults, ...this.state(repo).outcomes.get(path) };
  }

  private runNumber(repo: GitHubRepo, path: string) {
    return (
      this.state(repo).runs.filter(r => r.workflowPath === path).length + 1
    );
  }

  private assignJobs(repo: GitHubRepo, run: Run) {
    run.jobIds = run.jobs.map((_, index) => {
      const id = this.nextJobId++;
      this.jobs.set(id, { repo, run, index });
      return id;
    });
  }

  createRun(
    repo: GitHubRepo,
    options: {
      path: string;
      workflow: ParsedWorkflow;
      event: string;
      branch: string | null;
      commit: GitCommit;
      actor: { login: string; type: 'User' | 'Bot' };
      displayTitle: string;
      inputs?: Record<string, unknown>;
    },
  ): Run {
    const workflow = this.workflow(
      repo,
      options.path,
      options.workflow.name ?? options.path,
    );
    const now = this.now();
    const run: Run = {
      id: this.nextRunId++,
      runNumber: this.runNumber(repo, options.path),
      runAttempt: 1,
      workflowPath: options.path,
      workflowName: workflow.name,
      event: options.event,
      headBranch: options.branch,
      headSha: options.commit.sha,
      headCommit: headCommit(options.commit),
      displayTitle: options.displayTitle,
      actor: options.actor,
      createdAt: now,
      startedAt: now,
      timing: this.timing(repo, options.path),
      jobs: options.workflow.jobs.length
        ? options.workflow.jobs
        : [{ name: 'build', steps: ['Set up job', 'Complete job'] }],
      jobIds: [],
      logToken: crypto.randomBytes(16).toString('hex'),
      inputs: options.inputs,
    };
    this.assignJobs(repo, run);
    this.state(repo).runs.push(run);
    return run;
  }

  seed(
    repo: GitHubRepo,
    seeds: GitHubWorkflowRunSeed[],
    headOf: (branch: string) => string | undefined,
    workflowYaml: (path: string) => string | undefined,
  ): number[] {
    return seeds.map(seed => {
      const path = `${WORKFLOWS_DIR}/${seed.workflow ?? 'ci.yaml'}`;
      const yaml = workflowYaml(path);
      const parsed = yaml === undefined ? undefined : parseWorkflow(yaml);
      const workflow = this.workflow(
        repo,
        path,
        seed.name ?? parsed?.name ?? this.state(repo).workflows.get(path)?.name,
      );
      const branch = seed.branch ?? repo.defaultBranch;
      const createdAt = seed.createdAt
        ? new Date(seed.createdAt).getTime()
        : this.now();
      const status = seed.status ?? 'completed';
      const conclusion =
        seed.conclusion === undefined && status === 'completed'
          ? 'success'
          : seed.conclusion ?? null;
      const sha =
        seed.headSha ??
        headOf(branch) ??
        crypto
          .createHash('sha1')
          .update(`${repo.name}/${branch}/${createdAt}/${Math.random()}`)
          .digest('hex');
      const author = seed.author ?? {
        name: 'The Octocat',
        email: 'octocat@github.com',
      };
      const message = seed.message ?? `Update ${path}`;
      const run: Run = {
        id: this.nextRunId++,
        runNumber: this.runNumber(repo, path),
        runAttempt: 1,
        workflowPath: path,
        workflowName: workflow.name,
        event: seed.event ?? 'push',
        headBranch: branch,
        headSha: sha,
        headCommit: {
          id: sha,
          tree_id: crypto
            .createHash('sha1')
            .update(`tree ${sha}`)
            .digest('hex'),
          message,
          timestamp: isoSeconds(createdAt),
          author,
          committer: author,
        },
        displayTitle: message.split('\n')[0],
        actor: { login: seed.actor ?? 'octocat', type: 'User' },
        createdAt,
        startedAt: createdAt,
        fixed: {
          status,
          conclusion,
          updatedAt: seed.updatedAt
            ? new Date(seed.updatedAt).getTime()
            : createdAt + (status === 'completed' ? 60_000 : 0),
        },
        jobs: (seed.jobs ?? parsed?.jobs ?? []).length
          ? (seed.jobs ?? parsed!.jobs).map(j => ({
              name: j.name,
              steps: j.steps ?? ['Set up job', 'Complete job'],
            }))
          : [{ name: 'build', steps: ['Set up job', 'Complete job'] }],
        jobIds: [],
        logToken: crypto.randomBytes(16).toString('hex'),
      };
      this.assignJobs(repo, run);
      this.state(repo).runs.push(run);
      return run.id;
    });
  }

  runs(repo: GitHubRepo): Run[] {
    return [...this.state(repo).runs].sort(
      (a, b) => b.createdAt - a.createdAt || b.id - a.id,
    );
  }

  run(repo: GitHubRepo, id: number): Run | undefined {
    return this.state(repo).runs.find(r => r.id === id);
  }

  workflows(repo: GitHubRepo): Workflow[] {
    return [...this.state(repo).workflows.values()];
  }

  job(repo: GitHubRepo, jobId: number) {
    const job = this.jobs.get(jobId);
    return job && job.repo === repo ? job : undefined;
  }

  jobByLogToken(jobId: number, token: string) {
    const job = this.jobs.get(jobId);
    return job && job.run.logToken === token ? job : undefined;
  }

  rerun(repo: GitHubRepo, run: Run) {
    run.runAttempt += 1;
    run.startedAt = this.now();
    run.timing = this.timing(repo, run.workflowPath);
    run.fixed = undefined;
    this.assignJobs(repo, run);
  }

  cancel(run: Run) {
    run.fixed = {
      status: 'completed',
      conclusion: 'cancelled',
      updatedAt: this.now(),
    };
  }

  status(run: Run): {
    status: 'queued' | 'in_progress' | 'completed';
    conclusion: string | null;
    updatedAt: number;
  } {
    if (run.fixed) return run.fixed;
    const { queuedMs, durationMs, conclusion } = run.timing!;
    const elapsed = this.now() - run.startedAt;
    if (elapsed < queuedMs)
      return { status: 'queued', conclusion: null, updatedAt: run.startedAt };
    if (elapsed < queuedMs + durationMs) {
      return {
        status: 'in_progress',
        conclusion: null,
        updatedAt: run.startedAt + queuedMs,
      };
    }
    return {
      status: 'completed',
      conclusion,
      updatedAt: run.startedAt + queuedMs + durationMs,
    };
  }

  // --- JSON --------------------------------------------------------------

  runJson(ctx: StandInContext, owner: Owner, repo: GitHubRepo, run: Run) {
    const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
    const web = `${ctx.url}/${owner.login}/${repo.name}`;
    const { status, conclusion, updatedAt } = this.status(run);
    const workflow = this.workflow(repo, run.workflowPath);
    const repository = minimalRepo(ctx.repoJson(owner, repo));
    const actor = userJson(ctx, run.actor);
    return {
      id: run.id,
      name: run.workflowName,
      node_id: nodeId('WorkflowRun', String(run.id)),
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: run.workflowPath,
      display_title: run.displayTitle,
      run_number: run.runNumber,
      event: run.event,
      status,
      conclusion,
      workflow_id: workflow.id,
      check_suite_id: run.id + 3_000_000_000,
      check_suite_node_id: nodeId('CheckSuite', String(run.id)),
      url: `${api}/actions/runs/${run.id}`,
      html_url: `${web}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: isoSeconds(run.createdAt),
      updated_at: isoSeconds(updatedAt),
      actor,
      run_attempt: run.runAttempt,
      referenced_workflows: [],
      run_started_at: isoSeconds(run.startedAt),
      triggering_actor: actor,
      jobs_url: `${api}/actions/runs/${run.id}/jobs`,
      logs_url: `${api}/actions/runs/${run.id}/logs`,
      check_suite_url: `${api}/check-suites/${run.id + 3_000_000_000}`,
      artifacts_url: `${api}/actions/runs/${run.id}/artifacts`,
      cancel_url: `${api}/actions/runs/${run.id}/cancel`,
      rerun_url: `${api}/actions/runs/${run.id}/rerun`,
      previous_attempt_url:
        run.runAttempt > 1
          ? `${api}/actions/runs/${run.id}/attempts/${run.runAttempt - 1}`
          : null,
      workflow_url: `${api}/actions/workflows/${workflow.id}`,
      head_commit: run.headCommit,
      repository,
      head_repository: repository,
    };
  }

  jobJson(
    ctx: StandInContext,
    owner: Owner,
    repo: GitHubRepo,
    run: Run,
    index: number,
  ) {
    const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
    const web = `${ctx.url}/${owner.login}/${repo.name}`;
    const job = run.jobs[index];
    const id = run.jobIds[index];
    const runStatus = this.status(run);
    const now = this.now();
    const start = run.fixed
      ? run.startedAt
      : run.startedAt + (run.timing?.queuedMs ?? 0);
    const duration = run.fixed
      ? Math.max(run.fixed.updatedAt - run.startedAt, 0)
      : run.timing?.durationMs ?? 0;
    const n = job.steps.length;
    const failing = n > 2 ? n - 2 : n - 1;
    const steps = job.steps.map((name, i) => {
      const stepStart = start + (duration * i) / n;
      const stepEnd = start + (duration * (i + 1)) / n;
      let status: 'queued' | 'in_progress' | 'completed' = 'queued';
      if (runStatus.status === 'completed' || (!run.fixed && now >= stepEnd))
        status = 'completed';
      else if (
        runStatus.status === 'in_progress' &&
        (run.fixed ? i === 0 : now >= stepStart)
      )
        status = 'in_progress';
      let conclusion: string | null = null;
      if (status === 'completed') {
        const runConclusion = runStatus.conclusion ?? 'success';
        conclusion = 'success';
        if (runConclusion !== 'success' && i === failing)
          conclusion = runConclusion;
        else if (runConclusion !== 'success' && i > failing && i < n - 1)
          conclusion = 'skipped';
      }
      return {
        name,
        status,
        conclusion,
        number: i + 1,
        started_at: status === 'queued' ? null : isoSeconds(stepStart),
        completed_at: status === 'completed' ? isoSeconds(stepEnd) : null,
      };
    });
    let jobConclusion: string | null = null;
    if (runStatus.status === 'completed')
      jobConclusion = runStatus.conclusion ?? 'success';
    return {
      id,
      run_id: run.id,
      workflow_name: run.workflowName,
      head_branch: run.headBranch,
      run_url: `${api}/actions/runs/${run.id}`,
      run_attempt: run.runAttempt,
      node_id: nodeId('CheckRun', String(id)),
      head_sha: run.headSha,
      url: `${api}/actions/jobs/${id}`,
      html_url: `${web}/actions/runs/${run.id}/job/${id}`,
      status: runStatus.status,
      conclusion: jobConclusion,
      created_at: isoSeconds(run.startedAt),
      started_at: isoSeconds(start),
      completed_at:
        runStatus.status === 'completed' ? isoSeconds(start + duration) : null,
      name: job.name,
      steps,
      check_run_url: `${api}/check-runs/${id}`,
      labels: ['ubuntu-latest'],
      runner_id: runStatus.status === 'queued' ? null : 1,
      runner_name: runStatus.status === 'queued' ? null : 'GitHub Actions 1',
      runner_group_id: runStatus.status === 'queued' ? null : 1,
      runner_group_name:
        runStatus.status === 'queued' ? null : 'GitHub Actions',
    };
  }

  jobLog(run: Run, index: number): string {
    const status = this.status(run);
    const lines = run.jobs[index].steps.map(
      step => `${isoSeconds(run.startedAt)} ##[group]${step}\n##[endgroup]`,
    );
    if (status.status === 'completed')
      lines.push(`Job completed with conclusion ${status.conclusion}`);
    return `${lines.join('\n')}\n`;
  }

  workflowJson(
    ctx: StandInContext,
    owner: Owner,
    repo: GitHubRepo,
    workflow: Workflow,
  ) {
    const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
    const web = `${ctx.url}/${owner.login}/${repo.name}`;
    const file = workflow.path.split('/').pop();
    return {
      id: workflow.id,
      node_id: nodeId('Workflow', String(workflow.id)),
      name: workflow.name,
      path: workflow.path,
      state: 'active',
      created_at: isoSeconds(workflow.createdAt),
      updated_at: isoSeconds(workflow.createdAt),
      url: `${api}/actions/workflows/${workflow.id}`,
      html_url: `${web}/blob/${repo.defaultBranch}/${workflow.path}`,
      badge_url: `${web}/workflows/${file}/badge.svg`,
    };
  }

  // --- triggers ----------------------------------------------------------

  /** The workflow files at a commit. */
  async workflowFiles(
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

  /** Creates the runs a push to branches triggers. */
  async onPush(
    repo: GitHubRepo,
    content: RepoContent,
    updates: { ref: string; after?: string }[],
    actor: { login: string; type: 'User' | 'Bot' },
  ) {
    for (const update of updates) {
      if (!update.after || update.after === ZERO_SHA) continue;
      if (!update.ref.startsWith('refs/heads/')) continue;
      const branch = update.ref.slice('refs/heads/'.length);
      const commit = await content.commit(update.after);
      if (!commit) continue;
      for (const file of await this.workflowFiles(content, update.after)) {
        const workflow = parseWorkflow(file.yaml);
        if (!workflow) continue;
        this.workflow(repo, file.path, workflow.name ?? file.path);
        if (!pushTriggers(workflow, branch)) continue;
        this.createRun(repo, {
          path: file.path,
          workflow,
          event: 'push',
          branch,
          commit,
          actor,
          displayTitle: commit.message.split('\n')[0],
        });
      }
    }
  }

  // --- routes ------------------------------------------------------------

  routes(ctx: StandInContext): express.Router {
    const router = express.Router({ mergeParams: true });
    const read = loadRepo(ctx, 'read');
    const write = loadRepo(ctx, 'write');
    const base = '/repos/:owner/:repo/actions';
    const repoOf = (res: express.Response) =>
      [res.locals.owner as Owner, res.locals.repo as GitHubRepo] as const;

    /** Registers the workflows on the default branch. */
    const scan = async (repo: GitHubRepo) => {
      const content = ctx.content(repo);
      const head = await content.resolveCommit(repo.defaultBranch);
      if (!head) return;
      for (const file of await this.workflowFiles(content, head)) {
        this.workflow(repo, file.path, parseWorkflow(file.yaml)?.name);
      }
    };
    const findWorkflow = (repo: GitHubRepo, idOrFile: string) =>
      /^\d+$/.test(idOrFile)
        ? this.workflows(repo).find(w => w.id === Number(idOrFile))
        : this.state(repo).workflows.get(`${WORKFLOWS_DIR}/${idOrFile}`);

    const listRuns = (
      req: express.Request,
      res: express.Response,
      runs: Run[],
    ) => {
      const [owner, repo] = repoOf(res);
      const q = req.query as Record<string, string | undefined>;
      const filtered = runs.filter(run => {
        const { status, conclusion } = this.status(run);
        if (q.branch && run.headBranch !== q.branch) return false;
        if (q.event && run.event !== q.event) return false;
        if (q.actor && run.actor.login !== q.actor) return false;
        if (q.head_sha && run.headSha !== q.head_sha) return false;
        if (q.status && q.status !== status && q.status !== conclusion)
          return false;
        return true;
      });
      res.json({
        total_count: filtered.length,
        workflow_runs: paginate(req, res, filtered).map(run =>
          this.runJson(ctx, owner, repo, run),
        ),
      });
    };

    router.get(
      `${base}/workflows`,
      read,
      asyncHandler(async (req, res) => {
        const [owner, repo] = repoOf(res);
        await scan(repo);
        const workflows = this.workflows(repo);
        res.json({
          total_count: workflows.length,
          workflows: paginate(req, res, workflows).map(w =>
            this.workflowJson(ctx, owner, repo, w),
          ),
        });
      }),
    );
    router.get(
      `${base}/workflows/:workflowId`,
      read,
      asyncHandler(async (req, res) => {
        const [owner, repo] = repoOf(res);
        await scan(repo);
        const workflow = findWorkflow(repo, req.params.workflowId);
        if (!workflow) return notFound(res);
        return res.json(this.workflowJson(ctx, owner, repo, workflow));
      }),
    );
    router.get(
      `${base}/workflows/:workflowId/runs`,
      read,
      asyncHandler(async (req, res) => {
        const [, repo] = repoOf(res);
        await scan(repo);
        const workflow = findWorkflow(repo, req.params.workflowId);
        if (!workflow) return notFound(res);
        return listRuns(
          req,
          res,
          this.runs(repo).filter(r => r.workflowPath === workflow.path),
        );
      }),
    );
    router.post(
      `${base}/workflows/:workflowId/dispatches`,
      write,
      asyncHandler(async (req, res) => {
        const [owner, repo] = repoOf(res);
        const docs =
          'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event';
        const ref = req.body?.ref;
        if (typeof ref !== 'string' || !ref) {
          return sendError(
            res,
            422,
            `Invalid request.\n\n"ref" wasn't supplied.`,
            {
              documentationUrl: docs,
            },
          );
        }
        const content = ctx.content(repo);
        await scan(repo);
        const { workflowId } = req.params;
        let path = `${WORKFLOWS_DIR}/${workflowId}`;
        if (/^\d+$/.test(workflowId)) {
          const known = findWorkflow(repo, workflowId);
          if (!known) return notFound(res, docs);
          path = known.path;
        }
        const commitSha = await content.resolveCommit(ref);
        if (!commitSha)
          return sendError(res, 422, `No ref found for: ${ref}`, {
            documentationUrl: docs,
          });
        const file = await content.entry(commitSha, path);
        if (!file || file.type !== 'file') return notFound(res, docs);
        const workflow = parseWorkflow(file.content.toString('utf8'));
        if (!workflow) {
          return sendError(res, 422, 'Invalid workflow file', {
            documentationUrl: docs,
          });
        }
        this.workflow(repo, path, workflow.name ?? path);
        if (!workflow.triggers.has('workflow_dispatch')) {
          return sendError(
            res,
            422,
            "Workflow does not have 'workflow_dispatch' trigger",
            { documentationUrl: docs },
          );
        }
        const inputs: Record<string, unknown> = req.body?.inputs ?? {};
        const unexpected = Object.keys(inputs).filter(
          k => !(k in workflow.inputs),
        );
        if (unexpected.length) {
          return sendError(
            res,
            422,
            `Unexpected inputs provided: ${JSON.stringify(unexpected)}`,
            { documentationUrl: docs },
          );
        }
        const missing = Object.entries(workflow.inputs).find(
          ([k, spec]) =>
            spec?.required && spec.default === undefined && !(k in inputs),
        );
        if (missing) {
          return sendError(
            res,
            422,
            `Required input '${missing[0]}' not provided`,
            { documentationUrl: docs },
          );
        }
        const commit = (await content.commit(commitSha))!;
        const branch = ref.replace(/^refs\/(heads|tags)\//, '');
        const run = this.createRun(repo, {
          path,
          workflow,
          event: 'workflow_dispatch',
          branch: /^[0-9a-f]{40}$/.test(branch) ? null : branch,
          commit,
          actor: ctx.actor(res.locals.caller as Caller),
          displayTitle: workflow.name ?? path,
          inputs,
        });
        if (req.body?.return_run_details) {
          const json = this.runJson(ctx, owner, repo, run);
          return res.status(200).json({
            workflow_run_id: run.id,
            run_url: json.url,
            html_url: json.html_url,
          });
        }
        return res.status(204).end();
      }),
    );
    router.get(`${base}/runs`, read, (req, res) =>
      listRuns(req, res, this.runs(res.locals.repo)),
    );
    router.get(`${base}/runs/:runId`, read, (req, res) => {
      const [owner, repo] = repoOf(res);
      const run = this.run(repo, Number(req.params.runId));
      if (!run) return notFound(res);
      return res.json(this.runJson(ctx, owner, repo, run));
    });
    router.get(`${base}/runs/:runId/jobs`, read, (req, res) => {
      const [owner, repo] = repoOf(res);
      const run = this.run(repo, Number(req.params.runId));
      if (!run) return notFound(res);
      const jobs = run.jobs.map((_, i) =>
        this.jobJson(ctx, owner, repo, run, i),
      );
      return res.json({
        total_count: jobs.length,
        jobs: paginate(req, res, jobs),
      });
    });
    router.post(`${base}/runs/:runId/rerun`, write, (req, res) => {
      const [, repo] = repoOf(res);
      const run = this.run(repo, Number(req.params.runId));
      if (!run) return notFound(res);
      if (this.status(run).status !== 'completed') {
        return sendError(res, 403, 'This workflow is already running', {
          documentationUrl:
            'https://docs.github.com/rest/actions/workflow-runs#re-run-a-workflow',
        });
      }
      this.rerun(repo, run);
      return res.status(201).json({});
    });
    router.post(`${base}/runs/:runId/cancel`, write, (req, res) => {
      const [, repo] = repoOf(res);
      const run = this.run(repo, Number(req.params.runId));
      if (!run) return notFound(res);
      if (this.status(run).status === 'completed') {
        return sendError(
          res,
          409,
          'Cannot cancel a workflow run that is completed.',
        );
      }
      this.cancel(run);
      return res.status(202).json({});
    });
    router.get(`${base}/jobs/:jobId`, read, (req, res) => {
      const [owner, repo] = repoOf(res);
      const job = this.job(repo, Number(req.params.jobId));
      if (!job) return notFound(res);
      return res.json(this.jobJson(ctx, owner, repo, job.run, job.index));
    });
    router.get(`${base}/jobs/:jobId/logs`, read, (req, res) => {
      const [, repo] = repoOf(res);
      const id = Number(req.params.jobId);
      const job = this.job(repo, id);
      if (!job) return notFound(res);
      // GitHub answers with a short-lived, pre-signed URL
      return res.redirect(
        302,
        `${ctx.url}/_actions/jobs/${id}/logs?token=${job.run.logToken}`,
      );
    });
    return router;
  }

  /** The pre-signed log URLs `.../logs` redirects to; no API auth. */
  logRoutes(): express.Router {
    const router = express.Router();
    router.get('/_actions/jobs/:jobId/logs', (req, res) => {
      const job = this.jobByLogToken(
        Number(req.params.jobId),
        String(req.query.token ?? ''),
      );
      // fetched by browsers too (the GitHub Actions plugin)
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (!job) return res.status(404).type('text/plain').send('Not Found');
      return res.type('text/plain').send(this.jobLog(job.run, job.index));
    });
    return router;
  }
}

function headCommit(commit: GitCommit): HeadCommit {
  return {
    id: commit.sha,
    tree_id: commit.tree,
    message: commit.message.replace(/\n$/, ''),
    timestamp: commit.committer.date,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
  };
}

function minimalRepo(repo: Record<string, unknown>) {
  const keys = [
    'id',
    'node_id',
    'name',
    'full_name',
    'private',
    'owner',
    'html_url',
    'description',
    'fork',
    'url',
  ];
  return Object.fromEntries(keys.map(k => [k, repo[k]]));
}

export function userJson(
  ctx: { url: string; apiBaseUrl: string },
  actor: { login: string; type: 'User' | 'Bot' },
) {
  return {
    login: actor.login,
    id: Number.parseInt(
      crypto.createHash('md5').update(actor.login).digest('hex').slice(0, 7),
      16,
    ),
    node_id: nodeId(actor.type, actor.login),
    avatar_url: `${ctx.url}/avatars/${encodeURIComponent(actor.login)}.png`,
    url: `${ctx.apiBaseUrl}/users/${encodeURIComponent(actor.login)}`,
    html_url: `${ctx.url}/${encodeURIComponent(actor.login)}`,
    type: actor.type,
    site_admin: false,
  };
}
