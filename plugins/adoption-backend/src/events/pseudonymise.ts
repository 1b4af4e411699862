import crypto from 'node:crypto';

/**
 * Users are stored under a keyed hash of their entity ref: HMAC-SHA256 with
 * `adoption.pseudonymisation.secret`, hex. The same user has the same id
 * (weekly active users, opt-out), and without the secret the id says
 * nothing. User refs are easy to guess (`user:default/<login>`), so the
 * secret must be long enough not to be guessed in turn.
 */

export const PSEUDONYMISATION_SECRET_KEY = 'adoption.pseudonymisation.secret';

/** @public */
export const PSEUDONYMISATION_SECRET_MIN_LENGTH = 32;

/**
 * Why a value cannot be the pseudonymisation secret, or undefined when it
 * can; never quotes the value. Used by the plugin at startup and by the
 * backend's preflight (`ADOPTION_PSEUDONYMISATION_SECRET`).
 *
 * @public
 */
export function pseudonymisationSecretProblem(
  value: string,
): string | undefined {
  if (!value) return 'it is empty';
  if (/\s/.test(value)) return 'it contains whitespace';
  if (value.length < PSEUDONYMISATION_SECRET_MIN_LENGTH) {
    return `it is shorter than ${PSEUDONYMISATION_SECRET_MIN_LENGTH} characters`;
  }
  return undefined;
}

/** The pseudonymous id of users under `secret`. */
export function createPseudonymiser(
  secret: string,
): (userRef: string) => string {
  const problem = pseudonymisationSecretProblem(secret);
  if (problem) {
    throw new Error(`${PSEUDONYMISATION_SECRET_KEY} is not usable: ${problem}`);
  }
  return userRef =>
    crypto
      .createHmac('sha256', secret)
      .update(userRef.toLocaleLowerCase('en-US'))
      .digest('hex');
}
