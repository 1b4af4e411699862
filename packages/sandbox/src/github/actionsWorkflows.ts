import express from 'express';
import type { Workflow } from './actionsModel';
import { listRuns, runJson } from './actionsRuns';
import type { Caller } from './auth';
import {
  loadedRepo,
  loadRepo,
  Owner,
  paginate,
  StandInContext,
} from './context';
import { asyncHandler, notFound, sendError } from './errors';
import { isoSeconds } from './git';
import { GitHubRepo, nodeId } from './model';
import { parseWorkflow, WORKFLOWS_DIR, workflowFiles } from './workflowFile';

/*
 * Workflows (`/repos/{owner}/{repo}/actions/workflows`): list, get, a
 * workflow's runs, and `workflow_dispatch` (validated as GitHub does:
 * `ref`, the trigger, the inputs). Workflows are the files under
 * .github/workflows on the default branch, read when listed.
 */

/** A workflow, as `GET /repos/{owner}/{repo}/actions/workflows/{id}` returns it. */
function workflowJson(
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

/** Registers the workflows on the default branch. */
async function scan(ctx: StandInContext, repo: GitHubRepo) {
  const content = ctx.content(repo);
  const head = await content.resolveCommit(repo.defaultBranch);
  if (!head) return;
  for (const file of await workflowFiles(content, head)) {
    ctx.actions.workflow(repo, file.path, parseWorkflow(file.yaml)?.name);
  }
}

/** Workflows: list, get, runs, dispatch. */
export function workflowRoutes(ctx: StandInContext): express.Router {
  const router = express.Router({ mergeParams: true });
  const read = loadRepo(ctx, 'read');
  const write = loadRepo(ctx, 'write');
  router.get(
    '/workflows',
    read,
    asyncHandler(async (req, res) => {
      const [owner, repo] = loadedRepo(res);
      await scan(ctx, repo);
      const workflows = ctx.actions.workflows(repo);
      res.json({
        total_count: workflows.length,
        workflows: paginate(req, res, workflows).map(w =>
          workflowJson(ctx, owner, repo, w),
        ),
      });
    }),
  );
  router.get(
    '/workflows/:workflowId',
    read,
    asyncHandler(async (req, res) => {
      const [owner, repo] = loadedRepo(res);
      await scan(ctx, repo);
      const workflow = ctx.actions.findWorkflow(repo, req.params.workflowId);
      if (!workflow) return notFound(res);
      return res.json(workflowJson(ctx, owner, repo, workflow));
    }),
  );
  router.get(
    '/workflows/:workflowId/runs',
    read,
    asyncHandler(async (req, res) => {
      const [, repo] = loadedRepo(res);
      await scan(ctx, repo);
      const workflow = ctx.actions.findWorkflow(repo, req.params.workflowId);
      if (!workflow) return notFound(res);
      return listRuns(
        ctx,
        req,
        res,
        ctx.actions.runs(repo).filter(r => r.workflowPath === workflow.path),
      );
    }),
  );
  router.post(
    '/workflows/:workflowId/dispatches',
    write,
    asyncHandler(async (req, res) => {
      const [owner, repo] = loadedRepo(res);
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
      await scan(ctx, repo);
      const { workflowId } = req.params;
      let path = `${WORKFLOWS_DIR}/${workflowId}`;
      if (/^\d+$/.test(workflowId)) {
        const known = ctx.actions.findWorkflow(repo, workflowId);
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
      ctx.actions.workflow(repo, path, workflow.name ?? path);
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
      const run = ctx.actions.createRun(repo, {
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
        const json = runJson(ctx, owner, repo, run);
        return res.status(200).json({
          workflow_run_id: run.id,
          run_url: json.url,
          html_url: json.html_url,
        });
      }
      return res.status(204).end();
    }),
  );
  return router;
}
