import { errorReply, ok, Reply } from './errors';
import { PagerDutyEscalationPolicy } from './model';
import { first, list, page, Query } from './query';
import { renderPolicy } from './render';
import type { RouteContext } from './router';
import type { PagerDutyStore } from './store';

/* Escalation policies: list (`query`, `user_ids[]`), get. */

/** The escalation policies, sorted by name, as the API shows them. */
export function escalationPolicies(
  store: PagerDutyStore,
): PagerDutyEscalationPolicy[] {
  return store.sortedPolicies().map(p => renderPolicy(store, p));
}

/** `/escalation_policies` and `/escalation_policies/{id}`. */
export function escalationPolicyRoutes(
  store: PagerDutyStore,
  ctx: RouteContext,
): Reply {
  if (ctx.method !== 'GET') return errorReply(404);
  if (!ctx.id) return ok(listPolicies(store, ctx.query));
  const policy = store.policies.get(ctx.id);
  if (!policy || ctx.sub) return errorReply(404);
  return ok({ escalation_policy: renderPolicy(store, policy) });
}

function listPolicies(store: PagerDutyStore, query: Query) {
  const text = (first(query, 'query') ?? '').toLowerCase();
  const userIds = list(query, 'user_ids');
  const policies = escalationPolicies(store).filter(
    p =>
      p.name.toLowerCase().includes(text) &&
      (userIds.length === 0 ||
        p.escalation_rules.some(rule =>
          rule.targets.some(
            t =>
              (t.type === 'user_reference' && userIds.includes(t.id)) ||
              (t.type === 'schedule_reference' &&
                userIds.includes(
                  store.schedules.get(t.id)?.onCallUserId ?? '',
                )),
          ),
        )),
  );
  return page(policies, query, 'escalation_policies');
}
