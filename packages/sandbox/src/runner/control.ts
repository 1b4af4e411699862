import express from 'express';
import { FaultInjection, RunningServer, listen } from '../http';

/*
 * The sandbox's control API (loopback only), so that a test driving the
 * portal from outside the sandbox's process (the Chromium end-to-end tests)
 * can make a stand-in fail the way the real system would:
 *
 *   POST   /faults/{standIn}   {"method","path","status","message"?,"times"?}
 *                              or {"latencyMs"}: failNext / setLatency
 *   DELETE /faults/{standIn}   clearFaults of one stand-in
 *   DELETE /faults             clearFaults of every stand-in
 *   GET    /faults             the stand-ins' names
 */

export async function startControlServer(
  standIns: Record<string, FaultInjection>,
  port: number,
): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  const find = (req: express.Request, res: express.Response) => {
    const standIn = standIns[req.params.standIn];
    if (!standIn) {
      res.status(404).json({
        error: `no stand-in "${req.params.standIn}"; there are: ${Object.keys(
          standIns,
        ).join(', ')}`,
      });
    }
    return standIn;
  };
  app.get('/faults', (_req, res) => {
    res.json({ standIns: Object.keys(standIns) });
  });
  app.post('/faults/:standIn', (req, res) => {
    const standIn = find(req, res);
    if (!standIn) return;
    const { method, path, status, message, times, latencyMs } = req.body ?? {};
    if (typeof latencyMs === 'number') {
      standIn.setLatency(latencyMs);
      res.status(204).end();
      return;
    }
    if (
      typeof method !== 'string' ||
      typeof path !== 'string' ||
      !Number.isInteger(status)
    ) {
      res.status(400).json({
        error:
          'body must be {"method": "GET" or "*", "path": "<regular expression>", "status": <HTTP status>, "message"?, "times"?} or {"latencyMs": <ms>}',
      });
      return;
    }
    try {
      standIn.failNext(method, path, status, message, times ?? 1);
    } catch (error) {
      res.status(400).json({ error: String(error) });
      return;
    }
    res.status(204).end();
  });
  app.delete('/faults/:standIn', (req, res) => {
    const standIn = find(req, res);
    if (!standIn) return;
    standIn.clearFaults();
    res.status(204).end();
  });
  app.delete('/faults', (_req, res) => {
    for (const standIn of Object.values(standIns)) standIn.clearFaults();
    res.status(204).end();
  });
  return listen(app, port);
}
