// Lint, including the layering rules that keep the architecture honest (see README, "Layout"):
// only src/main/electron and src/preload may import 'electron'; src/shared touches neither Node
// nor the DOM; the renderer never reaches into main, preload or the harness.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.mjs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electron = { name: 'electron', message: 'Only src/main/electron and src/preload may import electron.' };
const noNode = { group: ['node:*'], message: 'This layer must not use Node built-ins.' };
const folder = (name, message) => ({ group: [`**/${name}/**`, `**/${name}`], message });
const toMain = folder('main', 'This layer must not import main-process code; go through the IPC contract.');
const toRenderer = folder('renderer', 'Main-process code must not import renderer code.');
const toPreload = folder('preload', 'Nothing imports the preload.');
const toHarness = folder('harness', 'The harness is development-only; product code must not import it.');
const toSimulators = folder('simulators', 'Shared code must not import the simulators.');

const restrict = ({ paths = [], patterns = [] }) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

// Globals that exist only in the DOM or only in Node: forbidden in src/shared.
const domOnly = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'HTMLElement',
];
const nodeOnly = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'module'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'artifacts/**',
      '.kiosk-data/**',
      'tests/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['*.mjs', '*.mts', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  // --- Layering -------------------------------------------------------------------------------
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      ...restrict({
        paths: [electron, ...nodeBuiltins.map((name) => ({ name, message: noNode.message }))],
        patterns: [noNode, toMain, toRenderer, toPreload, toHarness, toSimulators],
      }),
      'no-restricted-globals': [
        'error',
        ...[...domOnly, ...nodeOnly].map((name) => ({
          name,
          message: 'src/shared runs everywhere: no DOM or Node globals.',
        })),
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: globals.browser },
    rules: restrict({
      paths: [electron, ...nodeBuiltins.map((name) => ({ name, message: noNode.message }))],
      patterns: [noNode, toMain, toPreload, toHarness, toSimulators],
    }),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    languageOptions: { globals: globals.node },
    rules: restrict({ paths: [electron], patterns: [toRenderer, toPreload, toHarness] }),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict({ patterns: [toRenderer, toPreload, toHarness] }),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict({
      paths: nodeBuiltins.map((name) => ({ name, message: 'A sandboxed preload has no Node built-ins.' })),
      patterns: [noNode, toMain, toRenderer, toHarness],
    }),
  },
  {
    files: ['src/harness/**/*.ts', 'src/simulators/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: restrict({ paths: [electron], patterns: [toRenderer, toPreload] }),
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
);
