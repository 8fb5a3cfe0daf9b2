/**
 * What a committed change announces: `{ type: 'chat.message.posted', ... }`. Each module declares its
 * events (a union in its `*.events.ts`) and subscribes its handlers there; the unit of work publishes
 * them after the commit, in the order they were emitted.
 */
export interface DomainEvent {
  readonly type: string;
}

type Handler = (event: DomainEvent) => void | Promise<void>;

interface DomainEventsLogger {
  error(obj: object, msg: string): void;
}

/**
 * The in-process event bus. Handlers run one after another and are awaited, so a change answered after
 * its unit of work has had every consequence carried out (sockets subscribed on every node, clients
 * told). A failing handler does not stop the others; the first failure is rethrown once all ran, so
 * the caller sees it as it would have seen the same code run inline.
 */
export class DomainEvents {
  private readonly handlers = new Map<string, Handler[]>();

  constructor(private readonly log: DomainEventsLogger = { error: () => undefined }) {}

  on<E extends DomainEvent>(type: E['type'], handler: (event: E) => void | Promise<void>): () => void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as Handler);
    this.handlers.set(type, list);
    return () => {
      const at = list.indexOf(handler as Handler);
      if (at >= 0) list.splice(at, 1);
    };
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    let failure: { err: unknown } | null = null;
    for (const event of events) {
      for (const handler of this.handlers.get(event.type) ?? []) {
        try {
          await handler(event);
        } catch (err) {
          this.log.error({ err, event: event.type }, 'domain event handler failed');
          failure ??= { err };
        }
      }
    }
    if (failure) throw failure.err;
  }
}
