import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { z } from 'zod';

/*
 * The scaffolder's task API as its OpenAPI spec documents it
 * (plugin-scaffolder-backend: `GET /v2/tasks` → `{ tasks, totalTasks }`
 * with `limit`, `offset`, `order=desc:created_at`; `GET /v2/tasks/{id}/events`
 * → the task's events, log events carrying `stepId` and `status`, the last
 * one of type `completion`). Only the fields used here are checked.
 */

const taskSchema = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  lastHeartbeatAt: z.string().nullish(),
  spec: z
    .object({
      templateInfo: z
        .object({
          entityRef: z.string().optional(),
          entity: z
            .object({
              metadata: z
                .object({
                  name: z.string().optional(),
                  title: z.string().optional(),
                })
                .partial()
                .optional(),
            })
            .optional(),
        })
        .optional(),
      steps: z
        .array(z.object({ id: z.string(), name: z.string().optional() }))
        .optional(),
    })
    .passthrough(),
});

const listSchema = z.object({
  tasks: z.array(taskSchema),
  totalTasks: z.number().optional(),
});

const eventSchema = z.object({
  id: z.number(),
  type: z.string(),
  createdAt: z.string(),
  body: z
    .object({
      stepId: z.string().optional(),
      status: z.string().optional(),
    })
    .passthrough(),
});

export type ScaffolderTask = z.infer<typeof taskSchema>;
export type ScaffolderTaskEvent = z.infer<typeof eventSchema>;

/** What the sync needs of the scaffolder. */
export interface ScaffolderTasks {
  /** a page of tasks, newest first */
  listTasks(page: { limit: number; offset: number }): Promise<ScaffolderTask[]>;
  /** every event of a task */
  taskEvents(taskId: string): Promise<ScaffolderTaskEvent[]>;
}

/**
 * The scaffolder's task API over HTTP, as the adoption plugin's own service
 * (found through discovery, with a plugin request token for `scaffolder`).
 */
export class ScaffolderTasksClient implements ScaffolderTasks {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
    /** per request; the events call of an unfinished task waits up to 30 s */
    private readonly timeoutMs = 60_000,
  ) {}

  private async get(path: string): Promise<unknown> {
    const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const res = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  async listTasks(page: { limit: number; offset: number }) {
    const query = new URLSearchParams({
      limit: String(page.limit),
      offset: String(page.offset),
      order: 'desc:created_at',
    });
    const body = listSchema.parse(await this.get(`/v2/tasks?${query}`));
    return body.tasks;
  }

  async taskEvents(taskId: string) {
    return z
      .array(eventSchema)
      .parse(await this.get(`/v2/tasks/${encodeURIComponent(taskId)}/events`));
  }
}
