// build/installer.nsh compiled for real with NSIS's makensis (Debian's nsis package, installed by
// .ci/run), warnings as errors, inside a minimal installer that inserts its two macros where
// electron-builder's script does (the install section, the uninstall section). It is not run:
// there is no Windows here; README "Installers" says how to check the installed result.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const include = join(process.cwd(), config.nsis?.include as string);
const makensis = spawnSync('makensis', ['-VERSION']).status === 0;
if (!makensis) {
  // .ci/run installs nsis: a CI run without it is a broken install step, not a reason to skip.
  if (process.env.CI) throw new Error('nsis-include: makensis not found although .ci/run installs nsis');
  console.warn('SKIP nsis-include: makensis not found (apt-get install nsis; .ci/run installs it)');
}

/** Compiles a minimal installer around `nsh`; resolves to makensis's exit status and output. */
function compile(nsh: string): { status: number | null; output: string; exe: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'installer.nsh'), nsh);
  // Not "setup"/"install" in the name: makensis warns that Windows would apply installer shims.
  const exe = join(dir, 'kiosk-package.exe');
  writeFileSync(
    join(dir, 'setup.nsi'),
    [
      // electron-builder defines this from productFilename (templates/nsis/common.nsh).
      '!define APP_EXECUTABLE_FILENAME "Branch KYC Kiosk.exe"',
      'Unicode true',
      'Name "Branch KYC Kiosk"',
      `OutFile "${exe}"`,
      'InstallDir "$PROGRAMFILES64\\Branch KYC Kiosk"',
      'RequestExecutionLevel admin',
      `!include "${join(dir, 'installer.nsh')}"`,
      'Section "install"',
      '  SetShellVarContext all',
      '  !insertmacro customInstall',
      '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
      'SectionEnd',
      'Section "Uninstall"',
      '  !insertmacro customUnInstall',
      'SectionEnd',
    ].join('\n'),
  );
  const result = spawnSync('makensis', ['-V2', '-WX', join(dir, 'setup.nsi')], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr, exe };
}

describe.skipIf(!makensis)('the NSIS include script', () => {
  it('compiles with warnings as errors', () => {
    const { status, output, exe } = compile(readFileSync(include, 'utf8'));
    expect(status, output).toBe(0);
    expect(existsSync(exe)).toBe(true);
    expect(execFileSync('makensis', ['-VERSION'], { encoding: 'utf8' })).toMatch(/^v3\./);
  });

  it('fails on a broken script (the check can fail)', () => {
    const badRoot = compile(
      readFileSync(include, 'utf8').replace('DeleteRegValue HKLM', 'DeleteRegValue HKLMX'),
    );
    expect(badRoot.status).not.toBe(0);
    expect(badRoot.output).toMatch(/DeleteRegValue/);
    const unclosed = compile(readFileSync(include, 'utf8').replace('!macroend', ''));
    expect(unclosed.status).not.toBe(0);
    expect(unclosed.output).toMatch(/macro/i);
  });
});
