// ESLint (flat config): typescript-eslint's recommended rules, the file-size limit and the layering rules of docs/architecture.md.
import { readdirSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';

// typescript-eslint (and ts-api-utils under it) parse with the classic TypeScript compiler API, which typescript 7 (the
// native compiler this project type-checks with) no longer ships. Inside this ESLint process only, `require('typescript')`
// gets typescript 6 (the devDependency alias `typescript-classic`); tsc still checks with typescript 7.
const require = createRequire(import.meta.url);
const classicTypescript = require.resolve('typescript-classic');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? classicTypescript : resolveFilename.call(this, request, ...rest);
};
const { default: tseslint } = await import('typescript-eslint');
const { importX } = await import('eslint-plugin-import-x');
const { createTypeScriptImportResolver } = await import('eslint-import-resolver-typescript');
const { default: reactHooks } = await import('eslint-plugin-react-hooks');

/** Most lines a source file may have (blank lines and comments not counted): the house style says "about 300". */
const MAX_LINES = 300;

const modules = readdirSync(new URL('./src/modules/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The layering (docs/architecture.md, "Layers"), on resolved paths. */
const layering = [
  ...modules.map((m) => ({
    target: `./src/modules/${m}/**/*`,
    from: [`./src/modules/!(${m})/**/*.repo.ts`],
    message: `A module never imports another module's repository: go through that module's service or a port it exports.`,
  })),
  {
    target: './src/modules/!(matching)/**/*',
    from: ['./src/modules/matching/engine/**/*'],
    message: 'Only the matching module runs the engine; other modules call matching.',
  },
  { target: './src/db/**/*', from: './src/modules', message: 'src/db is below the modules: it never imports one.' },
  { target: './src/plugins/**/*', from: ['./src/modules/**/*.repo.ts'], message: "Plugins receive services; they never import a module's repository." },
  {
    target: './src/modules/matching/engine/**/*',
    from: './src',
    except: ['./modules/matching/engine', './domain'],
    message: 'The matching engine is pure: it imports nothing outside itself (but the shared vocabulary in src/domain).',
  },
];

/**
 * Table owners (docs/architecture.md, "Table owners"): the drizzle table objects of src/db/schema each module owns. A module
 * imports only its own tables from src/db/schema; another owner's table it reads through that owner's port (for members,
 * `members/read-port.ts`).
 */
const TABLE_OWNERS = {
  members: ['members'],
  auth: ['sessions', 'loginFailures'],
  matching: ['matchingRounds', 'circles', 'circleMembers'],
  qa: ['questions', 'answers', 'replies', 'qaRevisions', 'qaVotes', 'qaFollows'],
  chat: ['chatRooms', 'chatRoomMembers', 'chatMessages', 'chatReadMarkers', 'chatMessageChanges'],
  moderation: ['reports', 'moderatedContent', 'memberNotices'],
  audit: ['auditLog'],
  meetings: ['meetingSeries', 'meetingOccurrences', 'meetingRsvps', 'meetingAttendance', 'agendaItems', 'commitments', 'calendarFeeds'],
  alliances: ['alliances', 'allianceNotes', 'allianceReviews'],
  notifications: ['notifications', 'mailOutbox', 'notificationPreferences', 'notificationSettings', 'pendingRegistrations', 'notificationKeys'],
  limits: ['rateLimitCounters'],
};
/**
 * Files still reading another owner's table directly, with the tables they may import (to move behind the owner's port;
 * the list only shrinks). Listed in docs/architecture.md too.
 */
const TABLE_EXCEPTIONS = {};
const ownedTables = Object.values(TABLE_OWNERS).flat();
const foreignTables = (m, allowed = []) => ownedTables.filter((t) => !(TABLE_OWNERS[m] ?? []).includes(t) && !allowed.includes(t));
const tableImports = (m, allowed) => [
  'error',
  {
    patterns: [
      {
        group: ['**/db/schema', '**/db/schema/*'],
        importNames: foreignTables(m, allowed),
        message: `Another owner's table: read it through the owner's port (docs/architecture.md, "Table owners").`,
      },
    ],
  },
];
const tableOwnership = [
  ...modules.map((m) => ({ files: [`src/modules/${m}/**/*.ts`], rules: { 'no-restricted-imports': tableImports(m) } })),
  { files: ['src/cli/**/*.ts', 'src/plugins/**/*.ts', 'src/lib/**/*.ts', 'src/domain/**/*.ts', 'src/*.ts'], rules: { 'no-restricted-imports': tableImports(null) } },
  ...Object.entries(TABLE_EXCEPTIONS).map(([file, allowed]) => ({
    files: [file],
    rules: { 'no-restricted-imports': tableImports(file.split('/')[2], allowed) },
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tap/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
      'max-lines': ['error', { max: MAX_LINES, skipBlankLines: true, skipComments: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layering }],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**', 'src/client/**'], rules: { 'no-console': 'error' } },
  ...tableOwnership,
  // The browser app (Preact): browser globals and the rules of hooks.
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // Swaps such as `[i, j] = [j, i]` in the benchmarks' reference solvers leave one side unread on purpose.
  { files: ['bench/**'], rules: { 'no-useless-assignment': 'off' } },
);
