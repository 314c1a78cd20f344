// The package's file list (issue 13, Installers): the real build output selected through the `files`
// patterns of electron-builder.ts by electron-builder's own matcher, packed with @electron/asar and
// listed back. `npm run build` runs before the tests (scripts/test-all.sh); the first test says so.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import builderConfig from '../../electron-builder';
import { packAppFiles, packageViolations, selectAppFiles } from '../helpers/package-files';
import { useTempDirs } from '../helpers/temp-dir';

const projectDir = process.cwd();
const configuredFiles = builderConfig.files as string[];
const tempDir = useTempDirs();

/** Files that must never be packed, planted where a careless build or a developer could leave them. */
const PLANTED = {
  'out/harness/bridge.js': '/* harness bridge */',
  'out/main/index.js.map': '{"version":3,"sources":["../../tests/unit/roles.test.ts"]}',
  'out/main/roles.test.js': 'test code',
  '.kiosk-data/kiosk.db': 'SQLite format 3',
  '.kiosk-data/kiosk.config.json': '{"providers":{}}',
  'kiosk.config.json': '{"providers":{}}',
  'out/renderer/kiosk.config.sample.json': '{"providers":{"lumin":{"apiKey":"real"}}}',
  'out/main/signing.pem': '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
  'src/simulators/main.mts': 'simulators',
  'tests/unit/roles.test.ts': 'test',
  'bench/run.ts': 'bench',
  'scripts/test-all.sh': 'scripts',
};

/** A copy of the project's build output and package.json, with every file of PLANTED added. */
function plantedProject(): string {
  const dir = tempDir();
  cpSync(join(projectDir, 'out'), join(dir, 'out'), { recursive: true });
  cpSync(join(projectDir, 'package.json'), join(dir, 'package.json'));
  for (const [path, text] of Object.entries(PLANTED)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function packed(
  dir: string,
  patterns: readonly string[],
): Promise<{ listing: string[]; problems: string[] }> {
  const asar = join(tempDir(), 'app.asar');
  const listing = await packAppFiles(dir, selectAppFiles(dir, patterns), asar);
  return { listing, problems: packageViolations(listing, asar) };
}

describe("the package's file list", () => {
  it('starts from a build (run "npm run build" first)', () => {
    expect(
      existsSync(join(projectDir, 'out/main/index.js')),
      'out/main/index.js missing: run npm run build',
    ).toBe(true);
  });

  it('packs the entry points and nothing of the harness, simulators, tests, bench or scripts', async () => {
    const { listing, problems } = await packed(projectDir, configuredFiles);
    expect(problems).toEqual([]);
    expect(listing).toContain('/out/main/index.js');
    expect(listing).toContain('/out/preload/index.js');
    expect(listing).toContain('/out/renderer/index.html');
    // Only the three build folders and package.json at the top of the app.
    expect(new Set(listing.map((p) => p.split('/').slice(0, 3).join('/')))).toEqual(
      new Set(['/out', '/out/main', '/out/preload', '/out/renderer', '/package.json']),
    );
  });

  it('keeps out every planted file: harness, source maps, test code, data folder, configuration, keys', async () => {
    const { listing, problems } = await packed(plantedProject(), configuredFiles);
    expect(problems).toEqual([]);
    for (const path of Object.keys(PLANTED)) expect(listing).not.toContain(`/${path}`);
  });

  it('fails with a loosened filter: everything under out/ and the project root', async () => {
    const { problems } = await packed(plantedProject(), ['**/*']);
    for (const path of Object.keys(PLANTED)) {
      expect(
        problems.some((p) => p.startsWith(`/${path}:`)),
        `${path} reported`,
      ).toBe(true);
    }
    expect(problems).toContain('/out/main/signing.pem: secret or key file');
  });

  it('fails when the source-map exclusion is dropped or out/ is taken whole', async () => {
    const withoutMapRule = configuredFiles.filter((p) => p !== '!**/*.map');
    expect(withoutMapRule.length).toBe(configuredFiles.length - 1);
    expect((await packed(plantedProject(), withoutMapRule)).problems).toContain(
      '/out/main/index.js.map: source map',
    );
    const wholeOut = ['out/**', 'package.json'];
    expect((await packed(plantedProject(), wholeOut)).problems).toContain(
      '/out/harness/bridge.js: browser harness bridge',
    );
  });

  it('fails when an entry point is missing', async () => {
    const { problems } = await packed(projectDir, ['out/main/**', 'package.json']);
    expect(problems).toContain('missing /out/preload/index.js');
    expect(problems).toContain('missing /out/renderer/index.html');
  });
});
