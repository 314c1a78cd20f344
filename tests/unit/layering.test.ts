// The layering rules live in eslint.config.mjs; these tests lint deliberate violations with the
// project's real configuration, so removing or weakening a rule makes them fail.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The probes are not files on disk, so the type-aware rules (which need the TypeScript project)
// are switched off here; the layering rules need no types.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layering enforced by lint', () => {
  it('refuses electron outside the shell folder', async () => {
    expect(
      await ruleIds('src/main/core-violation.ts', "import { app } from 'electron';\nvoid app;\n"),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds('src/main/store/violation.ts', "import { app } from 'electron';\nvoid app;\n"),
    ).toContain('no-restricted-imports');
  });

  it('allows electron inside src/main/electron', async () => {
    expect(
      await ruleIds(
        'src/main/electron/allowed.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).not.toContain('no-restricted-imports');
  });

  it('refuses Node built-ins in src/shared', async () => {
    expect(
      await ruleIds(
        'src/shared/violation.ts',
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds('src/shared/violation.ts', "import path from 'path';\nexport const p = path;\n"),
    ).toContain('no-restricted-imports');
  });

  it('refuses DOM and Node globals in src/shared', async () => {
    expect(await ruleIds('src/shared/violation.ts', 'export const t = document.title;\n')).toContain(
      'no-restricted-globals',
    );
    expect(await ruleIds('src/shared/violation.ts', 'export const e = process.env;\n')).toContain(
      'no-restricted-globals',
    );
  });

  it('refuses renderer imports of main-process code', async () => {
    expect(
      await ruleIds(
        'src/renderer/src/violation.ts',
        "import { startCore } from '../../main/core';\nexport const s = startCore;\n",
      ),
    ).toContain('no-restricted-imports');
  });

  it('refuses product code importing the development harness', async () => {
    expect(
      await ruleIds(
        'src/main/violation.ts',
        "import { startHarness } from '../harness/server';\nexport const s = startHarness;\n",
      ),
    ).toContain('no-restricted-imports');
  });
});
