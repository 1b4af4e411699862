/*
 * The types of freePort.mjs (see there why it is JavaScript).
 */

/**
 * A TCP port for a process a test starts, or for an address nobody listens
 * on: free on 127.0.0.1 and on every address when returned, below the
 * kernel's ephemeral range and in a block of ports of this Jest worker's own
 * (JEST_WORKER_ID), so no parallel worker and no outgoing connection takes
 * it before the process binds it. Successive calls return different ports.
 */
export declare function freePort(): Promise<number>;
