import type { ReactNode } from 'react';

/**
 * The safe Markdown subset of chat messages, rendered straight to React elements (so no HTML from a
 * message is ever interpreted): **bold**, _italic_ / *italic*, `code`, ``` code blocks ```,
 * [links](https://…), autolinked http(s) URLs and @mentions. Anything that does not close is shown as
 * the characters that were typed. Links only ever use http, https or mailto.
 */

export interface MarkdownOptions {
  /** My username: a mention of it is highlighted more strongly. */
  myUsername?: string;
}

/** Same rule as the server's (mentions.ts): a handle after start, space or punctuation, not in a word or address. */
const MENTION = /@([a-z0-9][a-z0-9._-]{1,31})/iy;
const MENTION_MAY_FOLLOW = /[^\w@.`-]/;
const AUTOLINK = /https?:\/\/[^\s<>"]{1,2000}/iy;
const LINK = /\[([^\]\n]{1,1000})\]\(([^()\s]{1,2000})\)/y;
/** Nesting of bold/italic/link text beyond this is shown as typed; it keeps rendering linear. */
const MAX_DEPTH = 4;

/** Only these URL schemes may become links; everything else (javascript:, data:, vbscript:…) stays text. */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  // Browsers ignore tabs/newlines and leading control characters in schemes; refuse anything odd outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(url)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (!scheme) return null;
  const name = scheme[1]!.toLowerCase();
  if (name === 'http' || name === 'https') return /^https?:\/\/[^/]/i.test(url) ? url : null;
  if (name === 'mailto') return url.length > 'mailto:'.length ? url : null;
  return null;
}

/** An autolinked URL ends before trailing sentence punctuation and unbalanced closing brackets. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last && '.,;:!?\'"*_'.includes(last)) {
      end -= 1;
      continue;
    }
    if (last === ')') {
      const slice = url.slice(0, end);
      const opens = slice.split('(').length - 1;
      const closes = slice.split(')').length - 1;
      if (closes > opens) {
        end -= 1;
        continue;
      }
    }
    break;
  }
  return url.slice(0, end);
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
const isLetterOrDigit = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

class InlineParser {
  private key = 0;
  /** Where each delimiter next occurs at or after a position, so failed searches are not repeated. */
  private readonly nextCache = new Map<string, { from: number; at: number }>();
  private readonly failedClosing = new Map<string, { from: number; end: number }>();

  constructor(
    private readonly text: string,
    private readonly options: MarkdownOptions,
  ) {}

  /** Sticky-matches `pattern` at `at`, only when the match ends by `end`. */
  private matchAt(pattern: RegExp, at: number, end: number): RegExpExecArray | null {
    pattern.lastIndex = at;
    const match = pattern.exec(this.text);
    return match && at + match[0].length <= end ? match : null;
  }

  private next(delimiter: string, from: number): number {
    const cached = this.nextCache.get(delimiter);
    if (cached && cached.from <= from && (cached.at === -1 || cached.at >= from)) return cached.at;
    const at = this.text.indexOf(delimiter, from);
    this.nextCache.set(delimiter, { from, at });
    return at;
  }

  /** Finds a closing `delimiter` in [from, end) that closes emphasis: not after a space, content not empty. */
  private closing(delimiter: string, from: number, end: number): number {
    // A search that failed from `from` up to `end` fails from any later start up to an earlier end too.
    const failed = this.failedClosing.get(delimiter);
    if (failed && from >= failed.from && end <= failed.end) return -1;
    let at = this.next(delimiter, from);
    while (at !== -1 && at < end) {
      const before = this.text[at - 1];
      const after = this.text[at + delimiter.length];
      const single = delimiter.length === 1;
      const validSingle = !single || (this.text[at + 1] !== delimiter && before !== delimiter);
      const validUnderscore = delimiter !== '_' || !isWordChar(after);
      if (at > from && !isSpace(before) && validSingle && validUnderscore) return at;
      at = this.next(delimiter, at + 1);
    }
    this.failedClosing.set(delimiter, { from, end });
    return -1;
  }

  /** Inline nodes of text[start, end). Inside a link's label (`inLink`) there are no links or mentions. */
  parse(start: number, end: number, depth: number, inLink = false): ReactNode[] {
    const out: ReactNode[] = [];
    const text = this.text;
    let plain = '';
    const flush = () => {
      if (plain) out.push(plain);
      plain = '';
    };
    let i = start;
    while (i < end) {
      const c = text[i]!;
      const prev = text[i - 1];

      if (c === '\n') {
        flush();
        out.push(<br key={this.key++} />);
        i += 1;
        continue;
      }

      if (c === '`') {
        const close = text.indexOf('`', i + 1);
        if (close !== -1 && close < end && close > i + 1 && !text.slice(i + 1, close).includes('\n')) {
          flush();
          out.push(
            <code className="md-code" key={this.key++}>
              {text.slice(i + 1, close)}
            </code>,
          );
          i = close + 1;
          continue;
        }
      }

      if (c === '[' && !inLink) {
        const match = this.matchAt(LINK, i, end);
        if (match) {
          const href = safeHref(match[2]!);
          if (href) {
            flush();
            const labelStart = i + 1;
            out.push(
              <ExternalLink key={this.key++} href={href}>
                {this.parse(labelStart, labelStart + match[1]!.length, depth + 1, true)}
              </ExternalLink>,
            );
            i += match[0].length;
            continue;
          }
        }
      }

      if ((c === 'h' || c === 'H') && !inLink && !isLetterOrDigit(prev)) {
        AUTOLINK.lastIndex = i;
        const match = AUTOLINK.exec(text);
        if (match) {
          // Inside emphasis the URL stops where the emphasis closes.
          const url = trimUrl(match[0].slice(0, end - i));
          const href = safeHref(url);
          if (href) {
            flush();
            out.push(
              <ExternalLink key={this.key++} href={href}>
                {url}
              </ExternalLink>,
            );
            i += url.length;
            continue;
          }
        }
      }

      if (c === '@' && !inLink && (prev === undefined || MENTION_MAY_FOLLOW.test(prev))) {
        const match = this.matchAt(MENTION, i, end);
        if (match) {
          const username = match[1]!.replace(/[._-]+$/, '');
          if (username.length >= 2) {
            flush();
            const mine = username.toLowerCase() === this.options.myUsername?.toLowerCase();
            out.push(
              <span className={`mention${mine ? ' mention-me' : ''}`} key={this.key++}>
                @{username}
              </span>,
            );
            i += 1 + username.length;
            continue;
          }
        }
      }

      if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
        const double = text[i + 1] === c && c === '*';
        const delimiter = double ? '**' : c;
        const opensWord = c !== '_' || !isWordChar(prev);
        const contentStart = i + delimiter.length;
        if (opensWord && !isSpace(text[contentStart])) {
          const close = this.closing(delimiter, contentStart, end);
          if (close !== -1) {
            flush();
            const inner = this.parse(contentStart, close, depth + 1, inLink);
            out.push(double ? <strong key={this.key++}>{inner}</strong> : <em key={this.key++}>{inner}</em>);
            i = close + delimiter.length;
            continue;
          }
        }
        // Not emphasis: keep the whole run of markers as typed, so "**" is not re-read as two italics.
        let run = i;
        while (run < end && text[run] === c) run += 1;
        plain += text.slice(i, run);
        i = run;
        continue;
      }

      plain += c;
      i += 1;
    }
    flush();
    return out;
  }
}

function renderInline(text: string, options: MarkdownOptions): ReactNode[] {
  return new InlineParser(text, options).parse(0, text.length, 0);
}

type Block = { kind: 'text'; text: string } | { kind: 'code'; text: string };

/** Splits out fenced code blocks; an unclosed fence is ordinary text. */
export function splitBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let rest = source;
  for (;;) {
    const open = rest.indexOf('```');
    if (open === -1) break;
    const close = rest.indexOf('```', open + 3);
    if (close === -1) break;
    if (open > 0) blocks.push({ kind: 'text', text: rest.slice(0, open) });
    let code = rest.slice(open + 3, close);
    // ```js\n…: the first line names a language when it is one word; it is not shown.
    const firstLine = /^([\w+#.-]*)\n/.exec(code);
    if (firstLine) code = code.slice(firstLine[0].length);
    blocks.push({ kind: 'code', text: code.replace(/\n$/, '') });
    rest = rest.slice(close + 3).replace(/^\n/, '');
  }
  if (rest) blocks.push({ kind: 'text', text: rest });
  return blocks;
}

/** A message's Markdown as React elements. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): ReactNode[] {
  return splitBlocks(source).map((block, index) =>
    block.kind === 'code' ? (
      <pre className="md-pre" key={index}>
        <code>{block.text}</code>
      </pre>
    ) : (
      <span key={index}>{renderInline(block.text.replace(/^\n+|\n+$/g, ''), options)}</span>
    ),
  );
}

export function Markdown({ text, myUsername }: { text: string; myUsername?: string }) {
  return <>{renderMarkdown(text, myUsername ? { myUsername } : {})}</>;
}

/** Plain text of a message for previews and notifications: markers removed, nothing rendered. */
export function plainPreview(source: string, max = 120): string {
  const flat = source
    .replace(/```[\w+#.-]*\n?([\s\S]*?)```/g, '$1')
    .replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, '$1')
    .replace(/(\*\*|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
