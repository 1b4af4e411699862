import { readAuditServiceConfig } from './config';
import { startAuditService } from './startAuditService';

/**
 * `lighthouse-audit-service`: the audit service in the foreground, configured
 * from the environment (README), until SIGINT/SIGTERM.
 */
export async function main(): Promise<void> {
  const config = readAuditServiceConfig();
  const service = await startAuditService(config);
  console.log(
    `==> Lighthouse audit service on ${service.url} (database ${
      config.postgres.database
    }, Chromium ${config.chromePath}); audits ${config.allowedHosts.join(
      ', ',
    )}`,
  );
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
