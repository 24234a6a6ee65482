import type { FastifyInstance } from 'fastify';
import type { Db } from './db/client.js';

/** How long requests in flight may take to finish once a stop is asked for; systemd's TimeoutStopSec must be longer. */
export const STOP_GRACE_MS = 10_000;

/**
 * Call before `listen`. SIGTERM (systemd, a container) and SIGINT (Ctrl-C) stop the server gracefully (DESIGN §4): it stops
 * accepting connections, lets requests in flight finish (a request that arrives on an open keep-alive
 * connection meanwhile gets a 503 with `Connection: close`), closes the database and exits 0. Whatever is
 * still running after STOP_GRACE_MS is cut off and the exit code is 1.
 *
 * The signal often arrives twice: Ctrl-C reaches every process of the terminal's group, and `npm start`
 * forwards it to its child as well. So a repeat is not taken as "hurry up" (close-with-grace would exit 1
 * on it, mid-request); the grace period bounds the stop instead.
 */
export function stopOnSignals(app: FastifyInstance, db: Db): void {
  let stopping = false;
  // A request that was in flight when the stop began is answered on a keep-alive connection that would
  // otherwise stay open (Fastify keeps idle ones 72 s): ask the client to close it, and close it once idle.
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async () => {
    if (stopping) setImmediate(() => app.server.closeIdleConnections());
  });
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing the requests in flight');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), STOP_GRACE_MS)));
    const closed = app.close().then(
      () => 'closed' as const,
      (err: unknown) => {
        app.log.error({ err }, 'stopping failed');
        return 'failed' as const;
      },
    );
    const outcome = await Promise.race([closed, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      app.log.error(`requests still running after ${STOP_GRACE_MS / 1000} s were cut off`);
      app.server.closeAllConnections();
    }
    // Only now: a request in flight may still write.
    db.$client.close();
    app.log.info('stopped');
    process.exit(outcome === 'closed' ? 0 : 1);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
