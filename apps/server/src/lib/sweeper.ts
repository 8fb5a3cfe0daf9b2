/** A timed job: `run` does one pass and returns how many things it handled (for the log). */
export interface SweepJob {
  name: string;
  everyMs: number;
  run(): Promise<number>;
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The one place timed work runs (session expiry, avatar leftovers; later ringing, call expiry, chat
 * retention, no-shows). State that must survive a restart lives in rows, so a job only needs to look
 * at rows whose time has come; a pass that fails is logged and tried again at the next tick. A job
 * never overlaps itself. Jobs acting on rows on several nodes must claim them (a conditional UPDATE or
 * DELETE … RETURNING) so that only one node acts on each.
 */
export class Sweeper {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly jobs: SweepJob[],
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      // A tick while the job's previous pass still runs is skipped: the job never overlaps itself.
      const timer = setInterval(() => {
        if (!this.running.has(job.name)) void this.runOnce(job.name);
      }, job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /**
   * One pass of a job that starts now (tests, and start-up catch-up); resolves when it is done. A pass
   * already running may have read the time before the caller's change, so this waits for it and then
   * runs a fresh one.
   */
  runOnce(name: string): Promise<void> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) return Promise.reject(new Error(`No sweep job named ${name}`));
    if (this.stopped) return Promise.resolve();
    const current = this.running.get(name);
    if (current) return current.then(() => this.runOnce(name));
    const pass = job
      .run()
      .then(
        (handled) => {
          if (handled > 0) this.log.info({ job: name, handled }, 'sweep');
        },
        (err: unknown) => this.log.error({ err, job: name }, 'sweep failed'),
      )
      .finally(() => this.running.delete(name));
    this.running.set(name, pass);
    return pass;
  }

  /** Stops the timers and waits for passes in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running.values());
  }
}
