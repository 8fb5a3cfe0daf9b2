#!/usr/bin/env node
/**
 * Checks the server's message catalogues (apps/server/src/i18n/locales/*.json, issue 21): every
 * language has exactly the keys English has, every message parses as ICU MessageFormat, uses the same
 * placeholders as its English original, and each plural names every category its language needs
 * (Ukrainian one/few/many/other). Exits 1 with one line per problem. Run by `npm run lint`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'apps/server/src/i18n/locales');
const LOCALES = ['en', 'uk', 'de'];
// The AST's element types (intl-messageformat's TYPE enum).
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

function flatten(tree, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

/** Placeholder names in an AST, and problems with its plurals. */
function walk(elements, locale, names, problems) {
  const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  for (const el of elements) {
    if ([ARGUMENT, NUMBER, DATE, TIME, SELECT, PLURAL].includes(el.type)) names.add(el.value);
    if (el.type === PLURAL && el.pluralType !== 'ordinal') {
      const missing = needed.filter((c) => !(c in el.options));
      if (missing.length > 0) problems.push(`plural {${el.value}} lacks ${missing.join(', ')}`);
    }
    if (el.type === SELECT || el.type === PLURAL) {
      for (const option of Object.values(el.options)) walk(option.value, locale, names, problems);
    }
    if (el.type === TAG) walk(el.children, locale, names, problems);
  }
}

const catalogues = Object.fromEntries(
  LOCALES.map((l) => [l, flatten(JSON.parse(readFileSync(join(folder, `${l}.json`), 'utf8')))]),
);
const problems = [];
const placeholders = {};
for (const locale of LOCALES) {
  placeholders[locale] = new Map();
  for (const [key, message] of catalogues[locale]) {
    const where = `${locale}.json ${key}`;
    if (typeof message !== 'string' || message.trim() === '') {
      problems.push(`${where}: not a non-empty string`);
      continue;
    }
    try {
      const names = new Set();
      const found = [];
      walk(new IntlMessageFormat(message, locale).getAst(), locale, names, found);
      for (const p of found) problems.push(`${where}: ${p}`);
      placeholders[locale].set(key, [...names].sort().join(','));
    } catch (err) {
      problems.push(`${where}: not ICU MessageFormat (${err.message})`);
    }
  }
}
for (const locale of LOCALES.filter((l) => l !== 'en')) {
  for (const key of catalogues.en.keys()) {
    if (!catalogues[locale].has(key)) problems.push(`${locale}.json: missing ${key}`);
    else if (placeholders[locale].has(key) && placeholders[locale].get(key) !== placeholders.en.get(key)) {
      problems.push(
        `${locale}.json ${key}: placeholders {${placeholders[locale].get(key)}} differ from English {${placeholders.en.get(key)}}`,
      );
    }
  }
  for (const key of catalogues[locale].keys()) {
    if (!catalogues.en.has(key)) problems.push(`${locale}.json: ${key} is not in en.json`);
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(`check-i18n-server: ${p}`);
  process.exit(1);
}
console.log(`check-i18n-server: ${catalogues.en.size} messages in ${LOCALES.join(', ')} agree`);
