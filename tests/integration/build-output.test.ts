// Checks the output of `electron-vite build` (scripts/test-all.sh builds before testing).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import builderConfig from '../../electron-builder';

const out = join(process.cwd(), 'out');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('build output', () => {
  it('exists (run "npm run build" first)', () => {
    expect(existsSync(join(out, 'main/index.js')), 'out/main/index.js missing: run npm run build').toBe(true);
  });

  it('has a preload that is one CommonJS file requiring nothing but electron', () => {
    expect(readdirSync(join(out, 'preload'))).toEqual(['index.js']);
    const preload = readFileSync(join(out, 'preload/index.js'), 'utf8');
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
  });

  it('ships no harness code in what the packaged app contains', () => {
    const packaged = ['main', 'preload', 'renderer'].flatMap((dir) => filesUnder(join(out, dir)));
    for (const file of packaged.filter((f) => /\.(js|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain('/__kiosk/invoke');
      expect(text, file).not.toContain('x-kiosk-token');
    }
    // The installers' file patterns (electron-builder.ts) name no harness folder; the package's full
    // listing is checked in package-contents.test.ts.
    const files = builderConfig.files as string[];
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((f) => !f.startsWith('!') && f.includes('harness'))).toBe(false);
  });

  it('keeps the preload under 10 KB: the contract names only, no zod', () => {
    const preload = readFileSync(join(out, 'preload/index.js'));
    expect(preload.length).toBeLessThanOrEqual(10 * 1024);
    // zod's error codes appear in any bundle that carries it.
    expect(preload.toString('utf8')).not.toContain('invalid_type');
  });

  it("keeps the renderer's initial JavaScript minified, without zod, and under 80 KB gzip", () => {
    const html = readFileSync(join(out, 'renderer/index.html'), 'utf8');
    // The initial chunk: the module scripts index.html loads, and the chunks they preload.
    const initial = [
      ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?\/?([^"]+\.js)"/g),
    ].map((m) => join(out, 'renderer', m[1]!));
    expect(initial.length).toBeGreaterThan(0);
    const bytes = Buffer.concat(initial.map((file) => readFileSync(file)));
    const gzip = gzipSync(bytes, { level: 9 }).length;
    expect(gzip, `initial renderer JS is ${gzip} bytes gzip`).toBeLessThanOrEqual(80 * 1024);
    const text = bytes.toString('utf8');
    expect(text).not.toContain('invalid_type');
    // Minified: few, long lines rather than one statement per line.
    expect(text.split('\n').length).toBeLessThan(bytes.length / 1000);
  });
});
