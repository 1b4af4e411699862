/*
 * Ports for the processes a test starts (a backend, PostgreSQL, an audit
 * service) and for addresses nobody must listen on. Its types are in
 * freePort.d.ts beside it; it is JavaScript so that Jest and plain Node (the
 * benchmarks, through system-tests/backendProcess) both run it as it is.
 *
 * A port the kernel picks (listen(0), then close) is not reserved: until the
 * child binds it, the kernel may hand it out again, to another Jest worker's
 * listen(0) or as the local port of an outgoing connection. So the ports come
 * from below the kernel's ephemeral range, where it hands out nothing, in a
 * block of BLOCK_SIZE ports per Jest worker (JEST_WORKER_ID; block 0 outside
 * Jest), walked in turn by a counter of this process; each is bound on the
 * loopback and on every address before it is returned. The portal's fixed
 * ports (7007, 3000, the sandbox's 7209-7222, ...) are all below FIRST_PORT.
 */
import fs from 'node:fs';
import net from 'node:net';

const FIRST_PORT = 20000;
const BLOCK_SIZE = 1000;
/** Linux's default; elsewhere the ephemeral range starts higher */
const DEFAULT_EPHEMERAL_START = 32768;

function ephemeralRangeStart() {
  try {
    const range = fs.readFileSync(
      '/proc/sys/net/ipv4/ip_local_port_range',
      'utf8',
    );
    const start = Number(range.trim().split(/\s+/)[0]);
    return Number.isInteger(start) ? start : DEFAULT_EPHEMERAL_START;
  } catch {
    return DEFAULT_EPHEMERAL_START;
  }
}

/** The first port of this process's block. */
function blockStart() {
  const ephemeralStart = ephemeralRangeStart();
  const blocks = Math.floor((ephemeralStart - FIRST_PORT) / BLOCK_SIZE);
  if (blocks < 1) {
    throw new Error(
      `No test ports below the ephemeral range: it starts at ${ephemeralStart} (/proc/sys/net/ipv4/ip_local_port_range), the test ports at ${FIRST_PORT}`,
    );
  }
  const worker = Number(process.env.JEST_WORKER_ID ?? 0);
  return FIRST_PORT + (worker % blocks) * BLOCK_SIZE;
}

/**
 * Where the walk starts in the block: spread by process id, so that runs
 * side by side on one machine (same JEST_WORKER_IDs) rarely meet.
 */
let next = process.pid % BLOCK_SIZE;

/** undefined when `port` could be bound on `host`, else the error code */
function bindError(port, host) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', error => resolve(error.code ?? String(error)));
    server.listen({ port, host }, () => server.close(() => resolve(undefined)));
  });
}

async function isFree(port) {
  if ((await bindError(port, '127.0.0.1')) !== undefined) return false;
  // every address, IPv4 too (a dual-stack socket), where the backends listen
  const any = await bindError(port, '::');
  if (any === 'EAFNOSUPPORT' || any === 'EADDRNOTAVAIL') {
    // no IPv6 on this machine
    return (await bindError(port, '0.0.0.0')) === undefined;
  }
  return any === undefined;
}

export async function freePort() {
  const start = blockStart();
  for (let tried = 0; tried < BLOCK_SIZE; tried++) {
    const port = start + (next % BLOCK_SIZE);
    next += 1;
    if (await isFree(port)) return port;
  }
  throw new Error(
    `No free port in ${start}-${start + BLOCK_SIZE - 1} (JEST_WORKER_ID=${
      process.env.JEST_WORKER_ID ?? 'unset'
    })`,
  );
}
