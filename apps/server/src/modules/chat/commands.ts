import type { CommandInfo, CommandResult } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Actor } from './chat.access.js';

export interface CommandContext {
  actor: Actor;
  roomId: string;
  /** Everything after the command name, trimmed. */
  args: string;
  /** The caller's idempotency key, for commands that post a message. */
  clientMsgId: string | undefined;
}

export interface Command extends CommandInfo {
  run(context: CommandContext): Promise<Omit<CommandResult, 'command'>>;
}

const COMMAND_LINE = /^\/([a-z][a-z0-9_-]{0,31})(?:\s+([\s\S]*))?$/i;

/**
 * Slash commands. Each feature registers its own (chat: /topic, /invite, /leave, /me; calls will add
 * /jitsi); the composer lists them for autocompletion through `GET /commands`.
 */
export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  register(command: Command): void {
    if (this.commands.has(command.name)) throw new Error(`Command /${command.name} is registered twice`);
    this.commands.set(command.name, command);
  }

  list(): CommandInfo[] {
    return [...this.commands.values()]
      .map(({ name, usage, description }) => ({ name, usage, description }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async run(actor: Actor, roomId: string, text: string, clientMsgId?: string): Promise<CommandResult> {
    const match = COMMAND_LINE.exec(text.trim());
    const name = match?.[1]?.toLowerCase() ?? text.trim().slice(1).split(/\s/)[0]?.slice(0, 32) ?? '';
    const command = match ? this.commands.get(name) : undefined;
    if (!command) throw Errors.unknownCommand(name, [...this.commands.keys()].sort());
    const result = await command.run({ actor, roomId, args: (match?.[2] ?? '').trim(), clientMsgId });
    return { command: command.name, ...result };
  }
}
