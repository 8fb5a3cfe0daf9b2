import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatLogLine, prettyLogStream } from './pretty-log.js';

describe('readable log lines for a terminal', () => {
  it('turns a pino JSON line into time, level, message and fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.parse('2026-11-23T10:00:01Z'),
      pid: 1,
      hostname: 'h',
      msg: 'stored secrets cannot be read',
      fields: ['jitsi.appSecret'],
    });
    const formatted = formatLogLine(line);
    expect(formatted).toMatch(
      /^\d\d:\d\d:\d\d warn {2}stored secrets cannot be read fields=\["jitsi.appSecret"\]$/,
    );
    expect(formatted).not.toContain('hostname');
    expect(formatLogLine('not json')).toBe('not json');
  });

  it('writes whole lines even when chunks split them', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const stream = prettyLogStream(out);
    const line = JSON.stringify({ level: 30, time: 0, msg: 'Parley is ready at http://x' });
    stream.write(line.slice(0, 10));
    stream.write(line.slice(10) + '\n');
    await new Promise((r) => setImmediate(r));
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toContain('info  Parley is ready at http://x');
  });
});
