/*
 * Makes a stand-in of the running sandbox fail, through the sandbox's
 * control API (packages/sandbox/src/runner/control.ts, port 7209 as
 * `make sandbox` and Playwright start it).
 */
const CONTROL = 'http://127.0.0.1:7209';

/** The next `times` matching requests to `standIn` answer `status`. */
export async function failNext(
  standIn: string,
  fault: {
    method: string;
    /** a regular expression on the request path */
    path: string;
    status: number;
    message?: string;
    times?: number;
  },
): Promise<void> {
  const res = await fetch(`${CONTROL}/faults/${standIn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (res.status !== 204) {
    throw new Error(`sandbox control: ${res.status} ${await res.text()}`);
  }
}

/** Every stand-in answers normally again. */
export async function clearFaults(): Promise<void> {
  await fetch(`${CONTROL}/faults`, { method: 'DELETE' });
}
