import { errorReply, ok, Reply } from './errors';
import { first, list, page, Query } from './query';
import { renderIncident } from './render';
import type { RouteContext } from './router';
import type { PagerDutyStore } from './store';

/*
 * Incidents: list (`service_ids[]`, `statuses[]`, `urgencies[]`,
 * `since`/`until` (default: the last 30 days) or `date_range=all`,
 * `sort_by`), get by id or number.
 */

const INCIDENT_STATUSES = new Set(['triggered', 'acknowledged', 'resolved']);

/** `/incidents` and `/incidents/{id or number}`. */
export function incidentRoutes(
  store: PagerDutyStore,
  ctx: RouteContext,
): Reply {
  if (ctx.method !== 'GET') return errorReply(404);
  if (!ctx.id) return listIncidents(store, ctx.query, ctx.include);
  const incident = [...store.incidents.values()].find(
    i => i.id === ctx.id || String(i.number) === ctx.id,
  );
  if (!incident || ctx.sub) return errorReply(404);
  return ok({ incident: renderIncident(store, incident, ctx.include) });
}

function listIncidents(
  store: PagerDutyStore,
  query: Query,
  include: Set<string>,
): Reply {
  const statuses = list(query, 'statuses');
  const invalid = statuses.find(s => !INCIDENT_STATUSES.has(s));
  if (invalid !== undefined) {
    return errorReply(400, [
      `Statuses must be one of triggered, acknowledged, resolved`,
    ]);
  }
  const serviceIds = list(query, 'service_ids');
  const urgencies = list(query, 'urgencies');
  const allDates = first(query, 'date_range') === 'all';
  const since = first(query, 'since');
  const until = first(query, 'until');
  const sinceTime = since
    ? Date.parse(since)
    : Date.now() - 30 * 24 * 3600 * 1000;
  const untilTime = until ? Date.parse(until) : Date.now() + 1000;
  if (Number.isNaN(sinceTime) || Number.isNaN(untilTime)) {
    return errorReply(
      400,
      undefined,
      "Invalid time values in 'since' and/or 'until' parameters",
    );
  }
  const [sortField, sortDirection] = (
    first(query, 'sort_by') ?? 'created_at:asc'
  ).split(':');
  const sign = sortDirection === 'desc' ? -1 : 1;
  const incidents = [...store.incidents.values()]
    .filter(i => {
      const created = Date.parse(i.createdAt);
      return (
        (statuses.length === 0 || statuses.includes(i.status)) &&
        (serviceIds.length === 0 || serviceIds.includes(i.serviceId)) &&
        (urgencies.length === 0 || urgencies.includes(i.urgency)) &&
        (allDates || (created >= sinceTime && created < untilTime))
      );
    })
    .sort((a, b) => {
      if (sortField === 'urgency') {
        return sign * a.urgency.localeCompare(b.urgency);
      }
      if (sortField === 'created_at') {
        return (
          sign * a.createdAt.localeCompare(b.createdAt) ||
          sign * (a.number - b.number)
        );
      }
      return sign * (a.number - b.number);
    })
    .map(i => renderIncident(store, i, include));
  return { status: 200, body: page(incidents, query, 'incidents') };
}
