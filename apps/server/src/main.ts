import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { prettyLogStream } from './lib/pretty-log.js';
import { StartupError } from './lib/startup-error.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app, services } = await buildApp(
    config,
    process.stdout.isTTY ? { logStream: prettyLogStream(process.stdout) } : {},
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests finish; a stuck one must not keep the process from stopping forever.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  for (const notice of config.notices) app.log.warn(notice);
  try {
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(`port ${config.http.port} is in use; stop what uses it or set PORT`);
    }
    if (code === 'EACCES') {
      throw new StartupError(
        `port ${config.http.port} needs privileges this user lacks; set PORT above 1023`,
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new StartupError(`HOST ${config.http.host} is not an address of this machine`);
    }
    throw err;
  }
  const database = config.database.url.startsWith('sqlite:') ? config.database.url.slice(7) : 'PostgreSQL';
  app.log.info(
    { data: config.storage.dataDir, database, web: config.web.distDir ? 'served' : 'not built' },
    `Parley is ready at ${config.http.publicUrl}`,
  );
  if (await services.auth.needsSetup()) {
    app.log.info(`no administrator yet: open ${config.http.publicUrl} or run \`parley admin create\``);
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(err.message + '\n');
  } else if (err instanceof StartupError) {
    process.stderr.write(`Parley cannot start: ${err.message}\n`);
  } else {
    process.stderr.write(
      `Parley failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
