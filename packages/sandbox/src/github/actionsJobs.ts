import express from 'express';
import type { WorkflowEngine } from './actions';
import type { Run } from './actionsModel';
import {
  loadedRepo,
  loadRepo,
  Owner,
  paginate,
  StandInContext,
} from './context';
import { notFound } from './errors';
import { isoSeconds } from './git';
import { GitHubRepo, nodeId } from './model';

/*
 * Jobs (`/repos/{owner}/{repo}/actions/runs/{id}/jobs`, `.../jobs/{id}`)
 * with their steps, progressing with their run, and their logs: `.../logs`
 * redirects to a pre-signed URL, as GitHub does, served without API auth.
 */

/** A job of a run, as `GET /repos/{owner}/{repo}/actions/jobs/{id}` returns it. */
function jobJson(
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
  const runStatus = ctx.actions.status(run);
  const now = ctx.actions.now();
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
    runner_group_name: runStatus.status === 'queued' ? null : 'GitHub Actions',
  };
}

/** A job's log: a group per step, and the conclusion once completed. */
function jobLog(engine: WorkflowEngine, run: Run, index: number): string {
  const status = engine.status(run);
  const lines = run.jobs[index].steps.map(
    step => `${isoSeconds(run.startedAt)} ##[group]${step}\n##[endgroup]`,
  );
  if (status.status === 'completed')
    lines.push(`Job completed with conclusion ${status.conclusion}`);
  return `${lines.join('\n')}\n`;
}

/** A run's jobs, a job, a job's logs. */
export function jobRoutes(ctx: StandInContext): express.Router {
  const router = express.Router({ mergeParams: true });
  const read = loadRepo(ctx, 'read');
  router.get('/runs/:runId/jobs', read, (req, res) => {
    const [owner, repo] = loadedRepo(res);
    const run = ctx.actions.run(repo, Number(req.params.runId));
    if (!run) return notFound(res);
    const jobs = run.jobs.map((_, i) => jobJson(ctx, owner, repo, run, i));
    return res.json({
      total_count: jobs.length,
      jobs: paginate(req, res, jobs),
    });
  });
  router.get('/jobs/:jobId', read, (req, res) => {
    const [owner, repo] = loadedRepo(res);
    const job = ctx.actions.job(repo, Number(req.params.jobId));
    if (!job) return notFound(res);
    return res.json(jobJson(ctx, owner, repo, job.run, job.index));
  });
  router.get('/jobs/:jobId/logs', read, (req, res) => {
    const [, repo] = loadedRepo(res);
    const id = Number(req.params.jobId);
    const job = ctx.actions.job(repo, id);
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
export function jobLogRoutes(engine: WorkflowEngine): express.Router {
  const router = express.Router();
  router.get('/_actions/jobs/:jobId/logs', (req, res) => {
    const job = engine.jobByLogToken(
      Number(req.params.jobId),
      String(req.query.token ?? ''),
    );
    // fetched by browsers too (the GitHub Actions plugin)
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (!job) return res.status(404).type('text/plain').send('Not Found');
    return res.type('text/plain').send(jobLog(engine, job.run, job.index));
  });
  return router;
}
