import { describe, expect, it } from 'vitest';
import { BOB, CAROL, GRACE } from '../../test/chat';
import { applySuggestion, classifyInput, findTrigger, suggest } from './suggestions';

const COMMANDS = [
  { name: 'invite', usage: '/invite @username', description: 'Add people' },
  { name: 'me', usage: '/me text', description: 'Action' },
  { name: 'topic', usage: '/topic [text]', description: 'Set the topic' },
];

describe('findTrigger', () => {
  it('finds a command only at the start, before any space', () => {
    expect(findTrigger('/to', 3)).toEqual({ kind: 'command', start: 0, query: 'to' });
    expect(findTrigger('/topic hi', 9)).toBeNull();
    expect(findTrigger('a /to', 5)).toBeNull();
  });

  it('finds a mention at the caret but not inside a word or address', () => {
    expect(findTrigger('hi @bo', 6)).toEqual({ kind: 'mention', start: 3, query: 'bo' });
    expect(findTrigger('@', 1)).toEqual({ kind: 'mention', start: 0, query: '' });
    expect(findTrigger('mail ada@exa', 12)).toBeNull();
    expect(findTrigger('hi @bob there', 13)).toBeNull();
  });
});

describe('suggest', () => {
  it('lists matching commands', () => {
    expect(
      suggest({ kind: 'command', start: 0, query: 't' }, COMMANDS, [], GRACE.id).map((s) => s.insert),
    ).toEqual(['/topic ']);
    expect(suggest({ kind: 'command', start: 0, query: '' }, COMMANDS, [], GRACE.id)).toHaveLength(3);
  });

  it('lists people by username first, then by name, never me', () => {
    const people = [GRACE, BOB, CAROL];
    expect(
      suggest({ kind: 'mention', start: 0, query: '' }, [], people, GRACE.id).map((s) => s.insert),
    ).toEqual(['@bob ', '@carol ']);
    expect(
      suggest({ kind: 'mention', start: 0, query: 'clark' }, [], people, GRACE.id).map((s) => s.insert),
    ).toEqual(['@carol ']);
    expect(suggest({ kind: 'mention', start: 0, query: 'gr' }, [], people, GRACE.id)).toEqual([]);
  });
});

describe('applySuggestion', () => {
  it('replaces the word at the caret and puts the caret after it', () => {
    const trigger = { kind: 'mention' as const, start: 3, query: 'bo' };
    const [bob] = suggest(trigger, [], [BOB], GRACE.id);
    expect(applySuggestion('hi @bo and more', 6, trigger, bob!)).toEqual({
      text: 'hi @bob and more',
      caret: 8,
    });
  });
});

describe('classifyInput', () => {
  it('sends /commands to the command endpoint and // as a message starting with /', () => {
    expect(classifyInput('/topic Launch')).toEqual({ kind: 'command', text: '/topic Launch' });
    expect(classifyInput('//not a command')).toEqual({ kind: 'message', text: '/not a command' });
    expect(classifyInput('/ alone')).toEqual({ kind: 'message', text: '/ alone' });
    expect(classifyInput('hello')).toEqual({ kind: 'message', text: 'hello' });
  });
});
