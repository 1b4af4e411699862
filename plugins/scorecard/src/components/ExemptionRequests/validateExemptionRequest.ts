import {
  SCORECARD_EXEMPTION_MAX_DAYS,
  SCORECARD_INPUT_LIMITS,
} from '@internal/backstage-plugin-scorecard-common';

const DAY_MS = 24 * 3600 * 1000;
const { min, max } = SCORECARD_INPUT_LIMITS.reasonLength;

/**
 * What the form says before sending: the backend's rules (reason length,
 * expiry in the future and within a year), as messages per field. The
 * expiry is a date (`YYYY-MM-DD`), the exemption ending at its start (UTC)
 * as the backend reads it.
 */
export function reasonProblem(reason: string): string | undefined {
  const length = reason.trim().length;
  if (length < min) return `Give a reason of at least ${min} characters`;
  if (length > max) return `Keep the reason under ${max} characters`;
  return undefined;
}

export function validateExemptionRequest(
  input: { reason: string; expiresOn: string },
  now: Date = new Date(),
): { reason?: string; expiresOn?: string } {
  const problems: { reason?: string; expiresOn?: string } = {};
  const reason = reasonProblem(input.reason);
  if (reason) problems.reason = reason;
  const expires = /^\d{4}-\d{2}-\d{2}$/.test(input.expiresOn)
    ? Date.parse(`${input.expiresOn}T00:00:00Z`)
    : NaN;
  if (isNaN(expires)) {
    problems.expiresOn = 'Choose the date the exemption ends';
  } else if (expires <= now.getTime()) {
    problems.expiresOn = 'Choose a date in the future';
  } else if (expires > now.getTime() + SCORECARD_EXEMPTION_MAX_DAYS * DAY_MS) {
    problems.expiresOn =
      'Choose a date within a year: exemptions are reviewed, not permanent';
  }
  return problems;
}
