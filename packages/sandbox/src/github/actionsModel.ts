/*
 * GitHub Actions' state in the stand-in: workflows, runs and their jobs,
 * and what seeds and timings of runs may say.
 */

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

/** A job of a run: its name and its steps' names. */
export type Job = { name: string; steps: string[] };

/** A run's `head_commit`. */
export type HeadCommit = {
  id: string;
  tree_id: string;
  message: string;
  timestamp: string;
  author: { name: string; email: string };
  committer: { name: string; email: string };
};

/** A run's status now: fixed (seeded, cancelled) or from its timing. */
export type RunStatus = {
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  updatedAt: number;
};

/** A workflow run, with its current attempt. */
export type Run = {
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
  /** the status of a seeded or cancelled run, which time does not change */
  fixed?: RunStatus;
  jobs: Job[];
  jobIds: number[];
  logToken: string;
  inputs?: Record<string, unknown>;
};

/** A workflow, known from its file under `.github/workflows`. */
export type Workflow = {
  id: number;
  path: string;
  name: string;
  createdAt: number;
};
