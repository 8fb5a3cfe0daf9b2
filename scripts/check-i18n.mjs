#!/usr/bin/env node
/**
 * The web app's translations (`npm run lint` runs it; docs/i18n.md):
 * 1. every catalogue in apps/web/src/i18n/locales/<lang>/ has the same keys as every other;
 * 2. every message parses as ICU MessageFormat (intl-messageformat's parser) and uses the same
 *    placeholders as the English one;
 * 3. apps/web/src (tests aside) shows no text outside t(): JSX text with letters, or string literals in
 *    the aria-label / title / placeholder / alt / label props, found with the TypeScript compiler's AST.
 * Prints every problem and exits 1 if there is one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webSrc = join(root, 'apps/web/src');
const localesDir = join(webSrc, 'i18n/locales');
const SOURCE_LOCALE = 'en';

/** Props whose string values people read (or hear, through a screen reader). */
const TEXT_PROPS = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label']);

const problems = [];

// 1 and 2: the catalogues.

/** `{ a: { b: 'x' } }` → Map { 'a.b' => 'x' } */
function flatten(node, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

/** The names a message's arguments use: `{name}`, `{count, plural, …}`, `<b>…</b>`, nested too. */
function placeholders(elements, out = new Set()) {
  for (const element of elements) {
    // Types of @formatjs/icu-messageformat-parser: 1 argument, 2 number, 3 date, 4 time, 5 select,
    // 6 plural, 8 tag; 0 literal and 7 pound (`#`) name nothing.
    if ([1, 2, 3, 4, 5, 6, 8].includes(element.type)) out.add(element.value);
    if (element.options) for (const option of Object.values(element.options)) placeholders(option.value, out);
    if (element.children) placeholders(element.children, out);
  }
  return out;
}

/**
 * A language's catalogue: its folder's files (`<feature>.json`, each holding only `{ "<feature>": … }`,
 * so parallel work on two features never edits one file), merged.
 */
function catalogue(locale) {
  const merged = {};
  for (const file of readdirSync(join(localesDir, locale)).filter((f) => f.endsWith('.json'))) {
    const feature = file.replace(/\.json$/, '');
    const content = JSON.parse(readFileSync(join(localesDir, locale, file), 'utf8'));
    const keys = Object.keys(content);
    if (keys.length !== 1 || keys[0] !== feature) {
      problems.push(`${locale}/${file}: holds {${keys.join(', ')}}, not only "${feature}"`);
    }
    Object.assign(merged, content);
  }
  return flatten(merged);
}

const catalogues = new Map(
  readdirSync(localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, catalogue(entry.name)]),
);
const allKeys = new Set([...catalogues.values()].flatMap((messages) => [...messages.keys()]));
const source = catalogues.get(SOURCE_LOCALE);
const sourcePlaceholders = new Map();

for (const [locale, messages] of [...catalogues].sort(([a], [b]) =>
  a === SOURCE_LOCALE ? -1 : +(b === SOURCE_LOCALE),
)) {
  for (const key of allKeys) {
    if (!messages.has(key)) problems.push(`${locale}.json: missing ${key}`);
  }
  for (const [key, message] of messages) {
    if (typeof message !== 'string') {
      problems.push(`${locale}.json: ${key} is not a string`);
      continue;
    }
    let names;
    try {
      names = placeholders(new IntlMessageFormat(message, locale).getAst());
    } catch (error) {
      problems.push(`${locale}.json: ${key} is not valid ICU MessageFormat (${error.message})`);
      continue;
    }
    if (locale === SOURCE_LOCALE) {
      sourcePlaceholders.set(key, names);
      continue;
    }
    const expected = sourcePlaceholders.get(key);
    if (!expected || !source.has(key)) continue;
    const same = expected.size === names.size && [...expected].every((n) => names.has(n));
    if (!same) {
      problems.push(
        `${locale}.json: ${key} uses {${[...names].sort().join(', ')}}, English {${[...expected].sort().join(', ')}}`,
      );
    }
  }
}

// 3: text in the components that does not go through t().

const hasLetters = (text) => /\p{L}/u.test(text);

/** Every .ts/.tsx file under apps/web/src except tests and test helpers. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const SHOWING_OPERATORS = new Set([
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.PlusToken,
]);

/**
 * Whether a literal ends up on screen: it is the expression itself, a branch of `a ? 'x' : 'y'`, a side
 * of `||`, `??`, `&&` or `+`. Not when compared (`type === 'direct'`), a call's argument (`t('key')`),
 * an index or anything else that only computes.
 */
function shown(node, stop) {
  for (let n = node; n !== stop; n = n.parent) {
    const parent = n.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isTemplateSpan(parent)) {
      continue;
    }
    if (ts.isTemplateExpression(parent)) continue;
    if (ts.isConditionalExpression(parent) && parent.condition !== n) continue;
    if (ts.isBinaryExpression(parent) && SHOWING_OPERATORS.has(parent.operatorToken.kind)) continue;
    return false;
  }
  return true;
}

function literalsShown(expression, report) {
  const visit = (node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && hasLetters(node.text)) {
      if (shown(node, expression)) report(node, JSON.stringify(node.text));
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('');
      if (hasLetters(text) && shown(node, expression)) report(node, `\`${text.slice(0, 60)}\``);
    }
    // Nested JSX is checked on its own; what calls return is translated or computed.
    if (!ts.isJsxElement(node) && !ts.isJsxSelfClosingElement(node) && !ts.isCallExpression(node)) {
      ts.forEachChild(node, visit);
    }
  };
  visit(expression);
}

for (const file of sourceFiles(webSrc)) {
  const rel = relative(webSrc, file).split('\\').join('/');
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found = [];
  const report = (node, what) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`apps/web/src/${rel}:${line + 1}: ${what} outside t()`);
  };
  const visit = (node) => {
    if (ts.isJsxText(node) && hasLetters(node.text)) {
      report(node, `text ${JSON.stringify(node.text.trim().slice(0, 60))}`);
    } else if (ts.isJsxAttribute(node) && TEXT_PROPS.has(node.name.getText(sf))) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init) && hasLetters(init.text)) {
        report(init, `${node.name.getText(sf)}=${JSON.stringify(init.text)}`);
      } else if (init && ts.isJsxExpression(init) && init.expression) {
        literalsShown(init.expression, (n, what) => report(n, `${node.name.getText(sf)}={${what}}`));
      }
    } else if (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent)) {
      // {'Text'} or {cond ? 'Yes' : 'No'} as a child of an element.
      literalsShown(node.expression, (n, what) => report(n, `text {${what}}`));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  problems.push(...found);
}

for (const problem of problems) console.error(problem);
if (problems.length > 0) {
  console.error(`check-i18n: ${problems.length} problems`);
  process.exit(1);
}
console.log(`check-i18n: ${catalogues.size} catalogues, ${allKeys.size} keys, all in step`);
