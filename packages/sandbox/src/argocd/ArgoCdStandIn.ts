import express from 'express';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import { GrpcError } from './grpc';
import { clone } from './json';
import {
  ArgoCdApplication,
  ArgoCdApplicationSeed,
  ArgoCdCommit,
  ArgoCdProject,
  ArgoCdRecordedRequest,
  IN_CLUSTER,
} from './model';
import { argoCdApp } from './router';
import { ArgoCdStore } from './store';
import { pushCommit, seedApplication } from './sync';

export type {
  ArgoCdApplication,
  ArgoCdApplicationDestination,
  ArgoCdApplicationSeed,
  ArgoCdApplicationSource,
  ArgoCdApplicationSpec,
  ArgoCdApplicationStatus,
  ArgoCdCommit,
  ArgoCdInitiatedBy,
  ArgoCdObjectMeta,
  ArgoCdOperation,
  ArgoCdOperationState,
  ArgoCdProject,
  ArgoCdProjectDestination,
  ArgoCdRecordedRequest,
  ArgoCdResourceStatus,
  ArgoCdRevisionHistory,
  ArgoCdRevisionMetadata,
  ArgoCdSyncPolicy,
} from './model';

export type ArgoCdStandInOptions = {
  port?: number;
  /**
   * Local users who may log in with `POST /api/v1/session`; default
   * `{ admin: 'sandbox-password' }`.
   */
  users?: Record<string, string>;
  /**
   * Bearer tokens accepted as they are, like account API tokens; they act
   * as `admin`. Default `['sandbox-argocd-token']`.
   */
  tokens?: string[];
  /**
   * Run the automated sync policy: an application with
   * `spec.syncPolicy.automated` is synced when it is created or its spec
   * changes, and when `pushCommit` moves the revision it tracks. Default
   * true; with false, only `POST .../sync` syncs.
   */
  autoSync?: boolean;
  /** The control plane's namespace, every object's `metadata.namespace`; default `argocd`. */
  namespace?: string;
  /** Clusters besides `in-cluster` (`https://kubernetes.default.svc`). */
  clusters?: { name: string; server: string }[];
  /**
   * How long a sync stays `Running` before it succeeds (so that
   * `DELETE .../operation` has something to terminate); default 0: a sync
   * has finished when its request is answered.
   */
  operationDurationMs?: number;
  /**
   * How a request for an application that does not exist is answered when
   * it names no `project`. Argo CD since v2.5 (CVE-2022-41354) answers 403
   * `permission denied`, so as not to reveal whether an application exists;
   * older versions answered 404 `applications.argoproj.io "x" not found`
   * (which current ones still do when the request names the project).
   * Default 403.
   */
  missingApplicationStatus?: 403 | 404;
  /**
   * How long a cascading delete takes: the application stays, with
   * `metadata.deletionTimestamp`, until the controller has deleted its
   * resources and removed the finalizer. Default 0: gone when the delete
   * is answered.
   */
  cascadeDeletionMs?: number;
};

const GENERIC_FAILURES: Record<number, string> = {
  401: 'invalid session: token has invalid claims: token is expired',
  403: 'permission denied',
  404: 'Not Found',
  409: 'the object has been modified; please apply your changes to the latest version and try again',
  429: 'too many requests',
  500: 'internal error',
  503: 'connection error: desc = "transport: Error while dialing: dial tcp: connect: connection refused"',
  504: 'context deadline exceeded',
};

/**
 * A stand-in for Argo CD's REST API (the gRPC-gateway API described at
 * https://argo-cd.readthedocs.io/en/stable/developer-guide/api-docs/ and
 * in the swagger at https://cd.apps.argoproj.io/swagger-ui), for what
 * Roadie's Argo CD plugins (`@roadiehq/backstage-plugin-argo-cd-node`,
 * `-backend`, the frontend and the `argocd:create-resources` scaffolder
 * action) call:
 *
 * - `POST /api/v1/session` (username/password → `{token}`),
 *   `GET /api/v1/session/userinfo`, `DELETE /api/v1/session`,
 *   `GET /api/version`;
 * - projects: list, get, create (idempotent for an identical spec,
 *   `upsert`), update (optimistic concurrency on `resourceVersion`),
 *   delete;
 * - applications: list (`selector`, `project`/`projects`, `name`, `repo`,
 *   `appNamespace`), get, create (validated against its project: sources,
 *   destinations, clusters; idempotent for an identical spec, `upsert`),
 *   update, update spec, delete, `sync`, terminate operation
 *   (`DELETE .../operation`) and revision metadata;
 * - errors as grpc-gateway renders gRPC statuses
 *   (`{"error", "code", "message"}` with the mapped HTTP status) and
 *   Argo CD's messages; bearer tokens (or the `argocd.token` cookie).
 *
 * There is no controller or git: a sync succeeds at once (or after
 * `operationDurationMs`), deploying the commit the tracked ref points at
 * (a fake 40-hex commit per repo and ref; `pushCommit` moves it).
 *
 * Where it lives: `router.ts` (routes, authentication, errors),
 * `session.ts`, `projects.ts`, `applications.ts`, `validation.ts`,
 * `sync.ts` (syncs, commits, history), `store.ts` (state), `grpc.ts`
 * (grpc-gateway's error bodies), `model.ts` (the resources' types).
 */
export class ArgoCdStandIn extends FaultInjectingStandIn {
  private readonly store: ArgoCdStore;
  /** Every request received, in order. */
  readonly requests: ArgoCdRecordedRequest[] = [];

  private constructor(options: ArgoCdStandInOptions) {
    super();
    this.store = new ArgoCdStore({
      users: options.users ?? { admin: 'sandbox-password' },
      tokens: options.tokens ?? ['sandbox-argocd-token'],
      autoSync: options.autoSync ?? true,
      namespace: options.namespace ?? 'argocd',
      clusters: [IN_CLUSTER, ...(options.clusters ?? [])],
      operationDurationMs: options.operationDurationMs ?? 0,
      missingApplicationStatus: options.missingApplicationStatus ?? 403,
      cascadeDeletionMs: options.cascadeDeletionMs ?? 0,
    });
  }

  static async start(
    options: ArgoCdStandInOptions = {},
  ): Promise<ArgoCdStandIn> {
    const instance = new ArgoCdStandIn(options);
    await instance.listen(
      argoCdApp({
        store: instance.store,
        record: request => instance.requests.push(request),
        faults: instance.injectedFaults(),
      }),
      options.port,
    );
    return instance;
  }

  /** The control plane's namespace. */
  get namespace(): string {
    return this.store.namespace;
  }

  override async close(): Promise<void> {
    for (const timer of this.store.timers) clearTimeout(timer);
    this.store.timers.clear();
    await super.close();
  }

  /**
   * Called after each successful sync with the application as deployed, e.g.
   * to create its workload in a Kubernetes stand-in (what the real Argo CD
   * does in its destination cluster).
   */
  onDeployed(listener: (app: ArgoCdApplication) => void): void {
    this.store.deployListeners.push(listener);
  }

  /** The applications, sorted by name. */
  applications(): ArgoCdApplication[] {
    return this.store.applications();
  }

  application(name: string): ArgoCdApplication | undefined {
    const app = this.store.apps.get(name);
    return app ? clone(app) : undefined;
  }

  /** The projects (including `default`), sorted by name. */
  projects(): ArgoCdProject[] {
    return this.store.projects();
  }

  project(name: string): ArgoCdProject | undefined {
    const project = this.store.projectStore.get(name);
    return project ? clone(project) : undefined;
  }

  /** Creates or replaces a project directly, without validation. */
  seedProject(name: string, spec?: ArgoCdProject['spec']): ArgoCdProject {
    return this.store.seedProject(name, spec);
  }

  /**
   * Stores an application as if it had been created and deployed
   * `history` times (one day apart, the last an hour ago), with revision
   * metadata for each deployed commit.
   */
  seedApplication(seed: ArgoCdApplicationSeed): ArgoCdApplication {
    return seedApplication(this.store, seed);
  }

  /**
   * Moves a branch or tag of a repository to a new (fake) commit, as a
   * push would; applications with an automated sync policy that track it
   * are synced (with `autoSync`). Returns the commit.
   */
  pushCommit(commit: ArgoCdCommit): string {
    return pushCommit(this.store, commit);
  }

  /** grpc-gateway's error body for the status's gRPC code. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    const error = GrpcError.forHttpStatus(
      failure.status,
      failure.message ??
        GENERIC_FAILURES[failure.status] ??
        `injected failure ${failure.status}`,
    );
    res.status(error.httpStatus).json(error.body);
  }
}
