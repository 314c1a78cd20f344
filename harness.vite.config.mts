// Builds the browser harness bridge (src/harness/bridge.ts) as one classic script. It is written
// to out/harness, outside what a packaged app contains (see "files" in electron-builder.ts).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, 'out/harness'),
    emptyOutDir: true,
    lib: {
      entry: resolve(import.meta.dirname, 'src/harness/bridge.ts'),
      formats: ['iife'],
      name: 'kioskHarnessBridge',
      fileName: () => 'bridge.js',
    },
  },
});
