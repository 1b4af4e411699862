import { errorReply, ok, Reply } from './errors';
import { first, page } from './query';
import type { RouteContext } from './router';
import type { PagerDutyStore } from './store';

/* Users: list (`query` on name and email), get. */

/** `/users` and `/users/{id}`. */
export function userRoutes(store: PagerDutyStore, ctx: RouteContext): Reply {
  if (ctx.method !== 'GET') return errorReply(404);
  if (!ctx.id) {
    const text = (first(ctx.query, 'query') ?? '').toLowerCase();
    const users = store
      .sortedUsers()
      .filter(
        u =>
          u.name.toLowerCase().includes(text) ||
          u.email.toLowerCase().includes(text),
      );
    return ok(page(users, ctx.query, 'users'));
  }
  const user = store.users.get(ctx.id);
  if (!user || ctx.sub) return errorReply(404);
  return ok({ user });
}
