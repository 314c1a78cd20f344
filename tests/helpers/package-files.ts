/**
 * What a packaged kiosk's app.asar holds, computed without the Electron binary: the app's own files
 * selected by electron-builder's own file matcher (app-builder-lib's FileMatcher, the class
 * electron-builder filters `files` with) from the patterns of electron-builder.ts, packed with
 * @electron/asar, and the rules that listing must satisfy.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createPackageFromFiles, extractFile, listPackage } from '@electron/asar';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';

/** Folders never walked: dependencies (electron-builder adds production ones itself), VCS, output. */
const NOT_WALKED = new Set(['node_modules', '.git', 'dist']);

/**
 * The project's files (paths relative to `projectDir`, `/`-separated) that `patterns` select, walking
 * folders only where the matcher lets it in, as electron-builder's copier does.
 */
export function selectAppFiles(projectDir: string, patterns: readonly string[]): string[] {
  const filter = new FileMatcher(projectDir, projectDir, (p) => p, [...patterns]).createFilter();
  const selected: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (dir === projectDir && NOT_WALKED.has(name)) continue;
      const stat = lstatSync(path);
      if (!filter(path, stat)) continue;
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) selected.push(relative(projectDir, path).split(sep).join('/'));
    }
  };
  walk(projectDir);
  return selected.sort();
}

/** Packs `files` (relative to `projectDir`) into `asarPath`; resolves to the archive's listing. */
export async function packAppFiles(
  projectDir: string,
  files: readonly string[],
  asarPath: string,
): Promise<string[]> {
  // createPackageFromFiles wants the folders as well as the files, each as an absolute path.
  const entries = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 1; i <= parts.length; i++) entries.add(join(projectDir, ...parts.slice(0, i)));
  }
  await createPackageFromFiles(projectDir, asarPath, [...entries].sort());
  return listPackage(asarPath, { isPack: false });
}

/** Entry points a packaged kiosk cannot start without (package.json's main, the preload, the pages). */
export const REQUIRED_ENTRIES = [
  '/package.json',
  '/out/main/index.js',
  '/out/preload/index.js',
  '/out/renderer/index.html',
  '/out/renderer/service.html',
];

/** Paths that must never be in the package, each with the reason the report gives. */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /^\/out\/harness(\/|$)/, why: 'browser harness bridge' },
  { pattern: /^\/src(\/|$)/, why: 'sources (harness, simulators)' },
  { pattern: /(^|\/)(harness|simulators)(\/|$)/, why: 'harness or simulators' },
  { pattern: /^\/(tests|bench|scripts|\.ci)(\/|$)/, why: 'tests, bench or scripts' },
  { pattern: /\.(test|spec)\.[cm]?[jt]s$/, why: 'test code' },
  { pattern: /\.map$/, why: 'source map' },
  { pattern: /(^|\/)\.kiosk-data(\/|$)/, why: 'a data folder' },
  { pattern: /(^|\/)kiosk\.config[^/]*\.json$/, why: 'a kiosk configuration' },
  { pattern: /(^|\/)(\.env[^/]*|[^/]*\.(key|pem|p12|pfx))$/, why: 'secret or key file' },
  { pattern: /(^|\/)(playwright|vitest|electron\.vite|harness\.vite)\.config\.[cm]?ts$/, why: 'dev config' },
];

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * What is wrong with an archive's listing: each missing entry point and each forbidden path with
 * its reason, and each text file (read back from `asarPath`) that carries a private key.
 * @returns one line per problem; empty when the package is as it must be.
 */
export function packageViolations(listing: readonly string[], asarPath: string): string[] {
  const problems = REQUIRED_ENTRIES.filter((e) => !listing.includes(e)).map((e) => `missing ${e}`);
  for (const path of listing) {
    const rule = FORBIDDEN.find((r) => r.pattern.test(path));
    if (rule) problems.push(`${path}: ${rule.why}`);
  }
  for (const path of listing.filter((p) => /\.(js|json|html|css|txt|md)$/.test(p))) {
    if (PRIVATE_KEY.test(extractFile(asarPath, path.slice(1)).toString('utf8')))
      problems.push(`${path}: private key`);
  }
  return problems;
}
