import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { plainPreview, renderMarkdown, safeHref, splitBlocks } from './markdown';

const html = (source: string, myUsername?: string) =>
  renderToStaticMarkup(<>{renderMarkdown(source, myUsername ? { myUsername } : {})}</>);

/** The rendered HTML with the block wrapper removed, for short inline cases. */
const inline = (source: string, myUsername?: string) =>
  html(source, myUsername).replace(/^<span>|<\/span>$/g, '');

const LINK_ATTRS = 'target="_blank" rel="noopener noreferrer"';

describe('renderMarkdown', () => {
  it('renders bold, both italics and inline code', () => {
    expect(inline('**bold** _it_ *also* `x = 1`')).toBe(
      '<strong>bold</strong> <em>it</em> <em>also</em> <code class="md-code">x = 1</code>',
    );
  });

  it('nests emphasis', () => {
    expect(inline('**bold _and italic_**')).toBe('<strong>bold <em>and italic</em></strong>');
    expect(inline('_a **b** c_')).toBe('<em>a <strong>b</strong> c</em>');
  });

  it('leaves unclosed or empty markers as typed', () => {
    expect(inline('**not closed')).toBe('**not closed');
    expect(inline('_half')).toBe('_half');
    expect(inline('a * b * c')).toBe('a * b * c');
    expect(inline('****')).toBe('****');
    expect(inline('`open code')).toBe('`open code');
    expect(inline('``')).toBe('``');
    expect(html('```\nno end')).toBe('<span>```<br/>no end</span>');
  });

  it('does not read underscores inside words as italics', () => {
    expect(inline('snake_case_name and file_name.txt')).toBe('snake_case_name and file_name.txt');
  });

  it('keeps markers inside code literal', () => {
    expect(inline('`**not bold** <b>`')).toBe('<code class="md-code">**not bold** &lt;b&gt;</code>');
  });

  it('renders fenced code blocks without the language line, and text around them', () => {
    expect(html('before\n```js\nconst a = "<b>";\n**x**\n```\nafter')).toBe(
      '<span>before</span><pre class="md-pre"><code>const a = &quot;&lt;b&gt;&quot;;\n**x**</code></pre><span>after</span>',
    );
  });

  it('escapes HTML instead of interpreting it', () => {
    const out = html('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders links that open in a new tab without an opener', () => {
    expect(inline('[Parley](https://parley.example/docs?a=1&b=2)')).toBe(
      `<a href="https://parley.example/docs?a=1&amp;b=2" ${LINK_ATTRS}>Parley</a>`,
    );
    expect(inline('[mail me](mailto:ada@example.org)')).toBe(
      `<a href="mailto:ada@example.org" ${LINK_ATTRS}>mail me</a>`,
    );
  });

  it('allows emphasis in link text but no links or mentions inside it', () => {
    expect(inline('[**big** @bob https://x.example](https://a.example)')).toBe(
      `<a href="https://a.example" ${LINK_ATTRS}><strong>big</strong> @bob https://x.example</a>`,
    );
  });

  it('refuses javascript:, data: and other schemes, in any case or disguise', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'jav&#x09;ascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox',
      '//evil.example',
      '/relative',
      'https:evil',
    ]) {
      const out = html(`[click](${href})`);
      expect(out, href).not.toContain('<a');
      expect(out, href).toContain('[click]');
    }
    expect(html('javascript:alert(1)')).not.toContain('<a');
  });

  it('autolinks http(s) URLs and leaves trailing punctuation outside', () => {
    expect(inline('see https://example.org/a_b.')).toBe(
      `see <a href="https://example.org/a_b" ${LINK_ATTRS}>https://example.org/a_b</a>.`,
    );
    expect(inline('(https://en.wikipedia.org/wiki/Foo_(bar))')).toBe(
      `(<a href="https://en.wikipedia.org/wiki/Foo_(bar)" ${LINK_ATTRS}>https://en.wikipedia.org/wiki/Foo_(bar)</a>)`,
    );
    expect(inline('http://')).toBe('http://');
    expect(inline('xhttp://example.org')).toBe('xhttp://example.org');
  });

  it('does not italicise underscores inside an autolinked URL', () => {
    expect(inline('_https://a.example/x_y_ z')).toContain('href="https://a.example/x_y"');
  });

  it('highlights mentions, mine more strongly, but not e-mail addresses', () => {
    expect(inline('hi @bob and @grace.', 'grace')).toBe(
      'hi <span class="mention">@bob</span> and <span class="mention mention-me">@grace</span>.',
    );
    expect(inline('ada@example.org')).toBe('ada@example.org');
    expect(inline('@x')).toBe('@x');
  });

  it('turns newlines into line breaks', () => {
    expect(inline('one\ntwo')).toBe('one<br/>two');
  });

  it('stays fast on pathological input', () => {
    const nasty = ['*a '.repeat(3000), '_'.repeat(10_000), '[['.repeat(5000), '**'.repeat(5000)];
    for (const source of nasty) {
      const started = performance.now();
      html(source);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('safeHref', () => {
  it('accepts http, https and mailto only', () => {
    expect(safeHref('https://a.example')).toBe('https://a.example');
    expect(safeHref('HTTP://a.example')).toBe('HTTP://a.example');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('java\nscript:alert(1)')).toBeNull();
    expect(safeHref('\u0001javascript:alert(1)')).toBeNull();
    expect(safeHref('ftp://a.example')).toBeNull();
    expect(safeHref('mailto:')).toBeNull();
  });
});

describe('splitBlocks and plainPreview', () => {
  it('treats an unclosed fence as text', () => {
    expect(splitBlocks('a ``` b')).toEqual([{ kind: 'text', text: 'a ``` b' }]);
  });

  it('flattens Markdown for previews', () => {
    expect(plainPreview('**Hi** [docs](https://x.example)\n`code`')).toBe('Hi docs code');
    expect(plainPreview('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
