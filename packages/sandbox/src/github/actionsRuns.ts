import express from 'express';
import type { Run } from './actionsModel';
import {
  loadedRepo,
  loadRepo,
  Owner,
  paginate,
  StandInContext,
  userJson,
} from './context';
import { notFound, sendError } from './errors';
import { isoSeconds } from './git';
import { GitHubRepo, nodeId } from './model';

/*
 * Workflow runs (`/repos/{owner}/{repo}/actions/runs`): list (filters,
 * pagination), get, re-run, cancel; a run's JSON.
 */

/** A run, as `GET /repos/{owner}/{repo}/actions/runs/{id}` returns it. */
export function runJson(
  ctx: StandInContext,
  owner: Owner,
  repo: GitHubRepo,
  run: Run,
) {
  const api = `${ctx.apiBaseUrl}/repos/${owner.login}/${repo.name}`;
  const web = `${ctx.url}/${owner.login}/${repo.name}`;
  const { status, conclusion, updatedAt } = ctx.actions.status(run);
  const workflow = ctx.actions.workflow(repo, run.workflowPath);
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

/**
 * Answers with `runs` of the loaded repository, filtered by `branch`,
 * `event`, `actor`, `head_sha` and `status` (a status or a conclusion), a
 * page of them.
 */
export function listRuns(
  ctx: StandInContext,
  req: express.Request,
  res: express.Response,
  runs: Run[],
) {
  const [owner, repo] = loadedRepo(res);
  const q = req.query as Record<string, string | undefined>;
  const filtered = runs.filter(run => {
    const { status, conclusion } = ctx.actions.status(run);
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
      runJson(ctx, owner, repo, run),
    ),
  });
}

/** Runs: list, get, re-run, cancel. */
export function runRoutes(ctx: StandInContext): express.Router {
  const router = express.Router({ mergeParams: true });
  const read = loadRepo(ctx, 'read');
  const write = loadRepo(ctx, 'write');
  router.get('/runs', read, (req, res) =>
    listRuns(ctx, req, res, ctx.actions.runs(res.locals.repo)),
  );
  router.get('/runs/:runId', read, (req, res) => {
    const [owner, repo] = loadedRepo(res);
    const run = ctx.actions.run(repo, Number(req.params.runId));
    if (!run) return notFound(res);
    return res.json(runJson(ctx, owner, repo, run));
  });
  router.post('/runs/:runId/rerun', write, (req, res) => {
    const [, repo] = loadedRepo(res);
    const run = ctx.actions.run(repo, Number(req.params.runId));
    if (!run) return notFound(res);
    if (ctx.actions.status(run).status !== 'completed') {
      return sendError(res, 403, 'This workflow is already running', {
        documentationUrl:
          'https://docs.github.com/rest/actions/workflow-runs#re-run-a-workflow',
      });
    }
    ctx.actions.rerun(repo, run);
    return res.status(201).json({});
  });
  router.post('/runs/:runId/cancel', write, (req, res) => {
    const [, repo] = loadedRepo(res);
    const run = ctx.actions.run(repo, Number(req.params.runId));
    if (!run) return notFound(res);
    if (ctx.actions.status(run).status === 'completed') {
      return sendError(
        res,
        409,
        'Cannot cancel a workflow run that is completed.',
      );
    }
    ctx.actions.cancel(run);
    return res.status(202).json({});
  });
  return router;
}
