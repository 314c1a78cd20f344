import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/electron/main.ts') } },
    },
  },
  preload: {
    // A sandboxed preload can only require 'electron': bundle everything else into one CommonJS file.
    // It carries only the contract's names (src/shared/ipc/names.ts), minified: a few KB.
    build: {
      minify: true,
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    // Minified: electron-vite leaves production bundles readable by default (435 KB instead of 226 KB).
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.mjs') })],
  },
});
