// scripts/summarize.mjs is what `.ci/run` ends with: its last line is the run's verdict, and the
// lines before it are all a CI log's tail shows of a failure. Run as CI runs it (a child node
// process, reports as files), on reports made up in the shapes Vitest's and Playwright's JSON
// reporters write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(__dirname, '../../scripts/summarize.mjs');

/** The folder the reports are written to and the script runs in (Vitest names files absolute). */
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ci-summary-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Reports {
  checks?: string;
  vitest?: unknown;
  playwright?: unknown;
}

/** Writes the given reports (an absent one is not written) and runs the script in their folder. */
function summarize(reports: Reports): { lines: string[]; status: number | null } {
  if (reports.checks !== undefined) writeFileSync(join(dir, 'checks.txt'), reports.checks);
  if (reports.vitest !== undefined) writeFileSync(join(dir, 'vitest.json'), JSON.stringify(reports.vitest));
  if (reports.playwright !== undefined)
    writeFileSync(join(dir, 'playwright.json'), JSON.stringify(reports.playwright));
  const run = spawnSync(process.execPath, [SCRIPT, 'checks.txt', 'vitest.json', 'playwright.json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { lines: run.stdout.trimEnd().split('\n'), status: run.status };
}

const CHECKS = 'lint:passed\ntypecheck:passed\nbuild:passed\n';

function vitestReport(failed: { name: string; message: string } | null): unknown {
  const passed = Array.from({ length: 4 }, (_, i) => ({ fullName: `store keeps ${i}`, status: 'passed' }));
  return {
    numPassedTests: 4,
    numFailedTests: failed ? 1 : 0,
    numPendingTests: 1,
    numTodoTests: 0,
    numFailedTestSuites: failed ? 1 : 0,
    testResults: [
      {
        name: `${dir}/tests/unit/store.test.ts`,
        assertionResults: [
          ...passed,
          { fullName: 'store on a real disk', status: 'pending' },
          ...(failed ? [{ fullName: failed.name, status: 'failed', failureMessages: [failed.message] }] : []),
        ],
      },
    ],
  };
}

function playwrightReport(status: 'expected' | 'flaky'): unknown {
  return {
    stats: { expected: 2, unexpected: 0, flaky: status === 'flaky' ? 1 : 0, skipped: 1 },
    errors: [],
    suites: [
      {
        title: 'flows.spec.ts',
        specs: [
          { title: 'onboards', tests: [{ status: 'expected', results: [] }] },
          {
            title: 'retakes',
            tests: [
              {
                status,
                results:
                  status === 'flaky' ? [{ error: { message: 'Timed out 5000ms\nwaiting for x' } }] : [],
              },
            ],
          },
          {
            title: 'uses the USB bus',
            tests: [{ status: 'skipped', annotations: [{ type: 'skip', description: 'no USB bus here' }] }],
          },
        ],
      },
    ],
  };
}

describe('the CI summary (scripts/summarize.mjs)', () => {
  it('adds every suite into one closing line and names each skip with its reason', () => {
    const { lines, status } = summarize({
      checks: CHECKS,
      vitest: vitestReport(null),
      playwright: playwrightReport('expected'),
    });
    expect(status).toBe(0);
    expect(lines).toContain('  skipped: store on a real disk');
    expect(lines).toContain('  skipped: flows.spec.ts > uses the USB bus: no USB bus here');
    // 3 checks + 4 Vitest + 2 Playwright passed; one skip in each runner.
    expect(lines.at(-1)).toBe('9 passed, 0 failed, 2 skipped');
  });

  it('names a failed test with its error, colours removed, just before the closing line', () => {
    const message = [
      '\u001b[31mAssertionError\u001b[39m: expected 1 to be 2',
      '',
      ...Array.from({ length: 10 }, (_, i) => `    at line ${i}`),
    ].join('\n');
    const { lines, status } = summarize({
      checks: CHECKS,
      vitest: vitestReport({ name: 'store survives a kill', message }),
      playwright: playwrightReport('flaky'),
    });
    expect(status).toBe(1);
    const block = lines.slice(lines.indexOf('failed tests:'));
    expect(block).toEqual([
      'failed tests:',
      '  failed: tests/unit/store.test.ts > store survives a kill',
      '      AssertionError: expected 1 to be 2',
      // Six non-empty lines of the error, no more.
      ...Array.from({ length: 5 }, (_, i) => `          at line ${i}`),
      // A test that passed only on a retry is a failure too (a flaky test is a defect).
      '  failed: flows.spec.ts > retakes (flaky)',
      '      Timed out 5000ms',
      '      waiting for x',
      '9 passed, 2 failed, 2 skipped',
    ]);
  });

  it('fails the run when a runner left no report', () => {
    const { lines, status } = summarize({ checks: CHECKS, vitest: vitestReport(null) });
    expect(status).toBe(1);
    expect(lines).toContain('problem: playwright: no report (playwright.json) - the runner did not finish');
    expect(lines.at(-1)).toBe('7 passed, 1 failed, 1 skipped');
  });

  it('fails the run on a failed check', () => {
    const { lines, status } = summarize({
      checks: 'lint:passed\ntypecheck:failed\nbuild:passed\n',
      vitest: vitestReport(null),
      playwright: playwrightReport('expected'),
    });
    expect(status).toBe(1);
    expect(lines).toContain('problem: check failed: typecheck');
    expect(lines.at(-1)).toBe('8 passed, 1 failed, 2 skipped');
  });
});
