// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// src/test/ is left out of the server build, so code that ships must not reach into it.
const TEST_ONLY = 'Test helpers live in src/test/ (or *.test.ts) and are not part of the build.';
const ONE_CLOCK =
  'Use the injected Clock (lib/clock.ts) for what the server records or decides, so tests control time; ' +
  'performance.now() measures elapsed time of I/O.';

// Server modules, lowest first (docs/ARCHITECTURE.md): a module imports only modules before it, and
// only through their index.ts. Below every module: lib/, db/, realtime/, plugins/, mail/, meetings/, i18n/.
const SERVER_MODULES = [
  ['health'],
  ['users'],
  ['settings', 'tokens'],
  ['mfa'],
  ['auth'],
  ['identity'],
  ['guests'],
  ['files'],
  ['chat'],
  ['calls', 'providers', 'search'],
  ['consultations', 'guest-calls'],
  ['notifications'],
  ['push'],
];
const INTERNALS =
  'Import another module through its index.ts (modules/<name>/index.js); its other files are its own.';
/** Another module's file other than its index, from inside a module or from anywhere else in src/. */
const moduleInternals = [
  { regex: String.raw`^\.\./(?!\.\.)[^/]+/(?!index\.js$)`, message: INTERNALS },
  { regex: String.raw`(^|/)modules/[^/]+/(?!index\.js$)`, message: INTERNALS },
];
const serverModuleBoundaries = SERVER_MODULES.flatMap((layer, i) =>
  layer.map((name) => {
    const above = SERVER_MODULES.slice(i)
      .flat()
      .filter((other) => other !== name);
    return {
      files: [`apps/server/src/modules/${name}/**/*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              ...moduleInternals,
              ...(above.length
                ? [
                    {
                      group: above.map((other) => `../${other}/*`),
                      message: `Imports point down (docs/ARCHITECTURE.md): ${name} may not use ${above.join(', ')}.`,
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    };
  }),
);

// Web features, lowest first (docs/ARCHITECTURE.md): a feature imports only features before it, and only
// through their index.ts. Below every feature: api/, lib/, components/, realtime/ and auth/ (the session).
// Above them: the app frame, layout/ and App.tsx, which use features' entries (and App.tsx their pages).
const WEB_FEATURES = [
  ['auth', 'people', 'profile'],
  ['chat'],
  ['search'],
  ['calls', 'providers'],
  ['consultations'],
  ['guests'],
  ['admin', 'home'],
];
const WEB_INTERNALS =
  'Import another feature through its index.ts (features/<name>); its other files (and stylesheet) are its own.';
const WEB_TESTS = ['**/*.test.ts', '**/*.test.tsx', 'apps/web/src/test/**'];
/** Another feature's file other than its index: `../<feature>/<file>` inside features/, `features/<feature>/<file>` elsewhere. */
const featureInternals = [
  { regex: String.raw`^\.\./(?!\.\.)[^/]+/(?!index$)`, message: WEB_INTERNALS },
  { regex: String.raw`(^|/)features/[^/]+/(?!index$)`, message: WEB_INTERNALS },
];
/** The same for `import()`, which no-restricted-imports does not see. */
const lazyFeatureInternals = [
  String.raw`ImportExpression[source.value=/^\.\.\u002F(?!\.\.)[^\u002F]+\u002F(?!index$)/]`,
  String.raw`ImportExpression[source.value=/(^|\u002F)features\u002F[^\u002F]+\u002F(?!index$)/]`,
].map((selector) => ({ selector, message: WEB_INTERNALS }));
const webFeatureBoundaries = WEB_FEATURES.flatMap((layer, i) =>
  layer.map((name) => {
    const above = WEB_FEATURES.slice(i)
      .flat()
      .filter((other) => other !== name);
    return {
      files: [`apps/web/src/features/${name}/**/*.{ts,tsx}`],
      ignores: WEB_TESTS,
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              ...featureInternals,
              ...(above.length
                ? [
                    {
                      regex: String.raw`^\.\./(${above.join('|')})(/|$)`,
                      message: `Imports point down (docs/ARCHITECTURE.md): ${name} may not use ${above.join(', ')}.`,
                    },
                  ]
                : []),
            ],
          },
        ],
        'no-restricted-syntax': ['error', ...lazyFeatureInternals],
      },
    };
  }),
);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'e2e/artifacts/**', 'e2e/test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      // Fastify plugins and handlers are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The service worker (plain JavaScript, copied into the build by apps/web/vite.sw.ts).
    files: ['apps/web/sw/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Tests read JSON bodies whose shape is what they assert; typing every response adds noise, not safety.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Layers (docs/ARCHITECTURE.md): SQL lives in repositories and db/, socket.io in realtime/.
    files: ['apps/server/src/**/*.ts'],
    ignores: ['**/*.repository.ts', 'apps/server/src/db/**', '**/*.test.ts', 'apps/server/src/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', message: 'SQL belongs in a *.repository.ts (or db/).' }],
          patterns: [
            { group: ['socket.io', '@socket.io/*'], message: 'socket.io belongs in realtime/.' },
            { group: ['**/test/*', 'vitest'], message: TEST_ONLY },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/realtime/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', message: 'SQL belongs in a *.repository.ts (or db/).' }],
          patterns: [{ group: ['**/test/*', 'vitest'], message: TEST_ONLY }],
        },
      ],
    },
  },
  {
    // One clock (docs/ARCHITECTURE.md): what the server records or decides reads the injected Clock.
    files: ['apps/server/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'apps/server/src/test/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: ONE_CLOCK }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: ONE_CLOCK },
        { selector: "CallExpression[callee.name='Date']", message: ONE_CLOCK },
        {
          selector: String.raw`TemplateElement[value.raw=/\b(current_timestamp|current_date|localtimestamp|now\(\))|'now'/i]`,
          message: `${ONE_CLOCK} In SQL, bind the clock's time instead of the database's.`,
        },
      ],
    },
  },
  {
    // No import cycles anywhere: a module that (indirectly) imports itself runs against half-initialised
    // exports. Type-only imports are erased at build time and do not count.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [
            'apps/*/tsconfig.json',
            'packages/*/tsconfig.json',
            'e2e/tsconfig.json',
            'bench/tsconfig.json',
          ],
          conditionNames: ['parley-source', 'types', 'import', 'node', 'default'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // Module boundaries on the server: wiring and other layers reach a module only through its index.ts.
    files: ['apps/server/src/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [moduleInternals[1]] }] },
  },
  {
    // lib/, db/, realtime/, plugins/, mail/, meetings/ and i18n/ sit below every module.
    files: ['apps/server/src/{lib,db,realtime,plugins,mail,meetings,i18n}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)modules/`,
              message: 'Modules build on this layer, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  ...serverModuleBoundaries,
  {
    // Web: the app frame (layout/) and anything else in src/ reach a feature only through its index.ts.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: WEB_TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [featureInternals[1]] }],
      'no-restricted-syntax': ['error', lazyFeatureInternals[1]],
    },
  },
  {
    // The one exception: the router loads each page (and section layout) by route with its own chunk, so
    // it imports page files, lazily, rather than the entry (which the frame imports statically: a page
    // re-exported there would be bundled into the frame). Only `import()` of a *Page or *Layout file.
    files: ['apps/web/src/App.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: String.raw`ImportExpression[source.value=/(^|\u002F)features\u002F[^\u002F]+\u002F(?!index$)(?![A-Za-z]+(Page|Layout)$)/]`,
          message: `${WEB_INTERNALS} App.tsx may load a feature's *Page or *Layout file by route, nothing else.`,
        },
      ],
    },
  },
  {
    // api/, lib/, components/, realtime/, auth/ (the session) and i18n/ sit below every feature and the frame.
    files: ['apps/web/src/{api,lib,components,realtime,auth,i18n}/**/*.{ts,tsx}'],
    ignores: WEB_TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)(features|layout)(/|$)|(^|/)App$`,
              message: 'Features and the app frame build on this layer, not the other way round.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: String.raw`ImportExpression[source.value=/(^|\u002F)(features|layout)(\u002F|$)/]`,
          message: 'Features and the app frame build on this layer, not the other way round.',
        },
      ],
    },
  },
  ...webFeatureBoundaries,
  {
    files: ['scripts/**', 'bench/**', '**/bin/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // getBy…/findBy… throw when nothing matches and return something truthy otherwise: wrapping one in
    // expect(…).toBeTruthy() is an assertion that cannot fail. The query alone is the assertion.
    files: ['apps/web/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['CallExpression.object', 'CallExpression.object > AwaitExpression'].map((expected) => ({
          selector:
            `MemberExpression[property.name='toBeTruthy'] > ${expected} > ` +
            ':matches(CallExpression[callee.property.name=/^(get|find)(All)?By/], CallExpression[callee.name=/^(get|find)(All)?By/])',
          message:
            'getBy…/findBy… already fail when nothing matches: use the query alone, or a matcher that can fail.',
        })),
      ],
    },
  },
);
