import { errorReply, ok, Reply } from './errors';
import { PagerDutyOnCall } from './model';
import { list, page, Query } from './query';
import { policyRef, renderPolicy, scheduleRef, userRef } from './render';
import type { RouteContext } from './router';
import { PagerDutyStore, timestamp } from './store';

/*
 * On-calls: who is on call at each level of each escalation policy
 * (`escalation_policy_ids[]`, `schedule_ids[]`, `user_ids[]`,
 * `include[]=users`); a schedule's on-call shift is this week, from
 * midnight UTC today.
 */

/** `/oncalls`. */
export function onCallRoutes(store: PagerDutyStore, ctx: RouteContext): Reply {
  if (ctx.id || ctx.method !== 'GET') return errorReply(404);
  return ok(page(onCalls(store, ctx.query, ctx.include), ctx.query, 'oncalls'));
}

function onCalls(
  store: PagerDutyStore,
  query: Query,
  include: Set<string>,
): PagerDutyOnCall[] {
  const policyIds = list(query, 'escalation_policy_ids');
  const scheduleIds = list(query, 'schedule_ids');
  const userIds = list(query, 'user_ids');
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const start = timestamp(today);
  const end = timestamp(new Date(today.getTime() + 7 * 24 * 3600 * 1000));
  const oncalls: PagerDutyOnCall[] = [];
  for (const policy of store.sortedPolicies()) {
    if (policyIds.length > 0 && !policyIds.includes(policy.id)) continue;
    policy.rules.forEach((rule, index) => {
      for (const target of rule.targets) {
        const schedule =
          target.type === 'schedule'
            ? store.schedules.get(target.id)
            : undefined;
        const userId =
          target.type === 'user' ? target.id : schedule?.onCallUserId;
        if (!userId) continue;
        if (
          scheduleIds.length > 0 &&
          !scheduleIds.includes(schedule?.id ?? '')
        ) {
          continue;
        }
        if (userIds.length > 0 && !userIds.includes(userId)) continue;
        const user = store.users.get(userId);
        oncalls.push({
          escalation_policy: include.has('escalation_policies')
            ? renderPolicy(store, policy)
            : policyRef(store, policy.id),
          escalation_level: index + 1,
          schedule: schedule ? scheduleRef(store, schedule.id) : null,
          user: include.has('users') && user ? user : userRef(store, userId),
          start: schedule ? start : null,
          end: schedule ? end : null,
        });
      }
    });
  }
  return oncalls;
}
