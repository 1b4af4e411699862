import '@testing-library/jest-dom';

// Tests of the entity-page integrations run the backend plugins in the same
// process (startTestBackend); Express defers with Node's setImmediate, which
// the jsdom environment leaves out.
import { clearImmediate, setImmediate } from 'node:timers';

Object.assign(globalThis, { setImmediate, clearImmediate });
