import crypto from 'node:crypto';
import {
  GitHubWorkflowRunSeed,
  GitHubWorkflowRunTiming,
  HeadCommit,
  Run,
  RunStatus,
  Workflow,
} from './actionsModel';
import type { RepoContent } from './content';
import { GitCommit, isoSeconds } from './git';
import { GitHubRepo } from './model';
import {
  ParsedWorkflow,
  parseWorkflow,
  pushTriggers,
  WORKFLOWS_DIR,
  workflowFiles,
} from './workflowFile';

/*
 * GitHub Actions' state per repository and how runs progress; the API's
 * routes over it are in `actionsWorkflows.ts`, `actionsRuns.ts` and
 * `actionsJobs.ts`, workflow files are read in `workflowFile.ts`.
 */

type RepoActions = {
  workflows: Map<string, Workflow>;
  runs: Run[];
  outcomes: Map<string, Partial<GitHubWorkflowRunTiming>>;
};

const ZERO_SHA = '0'.repeat(40);

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
    /** the clock runs progress by */
    readonly now: () => number = Date.now,
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

  /** A workflow by its id, or by its file name under .github/workflows. */
  findWorkflow(repo: GitHubRepo, idOrFile: string): Workflow | undefined {
    return /^\d+$/.test(idOrFile)
      ? this.workflows(repo).find(w => w.id === Number(idOrFile))
      : this.state(repo).workflows.get(`${WORKFLOWS_DIR}/${idOrFile}`);
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

  status(run: Run): RunStatus {
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
      for (const file of await workflowFiles(content, update.after)) {
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
