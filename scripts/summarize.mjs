// Adds up the checks, Vitest's JSON report and Playwright's JSON report into one closing line,
// prints the reason of every skipped test, and exits 1 on any failure or a missing report.
import { existsSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const [checksFile, vitestFile, playwrightFile] = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
// Each failed test's name and the first lines of its error, printed last: a CI log is often seen
// only by its tail, and a failure that happened once must say where it was.
const failures = [];
const FAILURE_LINES = 6;

/** The first FAILURE_LINES non-empty lines of the given messages, ANSI colours removed, indented. */
function excerpt(messages) {
  const lines = stripVTControlCharacters((messages ?? []).join('\n'))
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return lines.slice(0, FAILURE_LINES).map((l) => `      ${l.slice(0, 300)}`);
}

/** A test file's path relative to the repository, as Vitest reports it absolute. */
function relative(path) {
  const cwd = `${process.cwd()}/`;
  return typeof path === 'string' && path.startsWith(cwd) ? path.slice(cwd.length) : String(path);
}

function add(suite, passed, failed, skipped) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  console.log(`${suite}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

function readJson(file, suite) {
  if (!file || !existsSync(file)) {
    problems.push(`${suite}: no report (${file ?? 'not given'}) - the runner did not finish`);
    return null;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${suite}: unreadable report: ${error.message}`);
    return null;
  }
}

// Checks: "name:passed|failed" lines.
if (checksFile && existsSync(checksFile)) {
  const lines = readFileSync(checksFile, 'utf8').split('\n').filter(Boolean);
  const failed = lines.filter((l) => l.endsWith(':failed'));
  add('checks (lint, typecheck, build)', lines.length - failed.length, failed.length, 0);
  for (const line of failed) problems.push(`check failed: ${line.split(':')[0]}`);
} else {
  problems.push('checks: no results');
}

const vitest = readJson(vitestFile, 'vitest');
if (vitest) {
  const skipped = (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  add('unit + integration (vitest)', vitest.numPassedTests, vitest.numFailedTests, skipped);
  if (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0) {
    problems.push(`vitest: ${vitest.numFailedTestSuites} test file(s) failed to load`);
    totals.failed += vitest.numFailedTestSuites;
  }
  for (const file of vitest.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'pending' || t.status === 'skipped') console.log(`  skipped: ${t.fullName}`);
      if (t.status === 'failed') {
        failures.push(`${relative(file.name)} > ${t.fullName}`, ...excerpt(t.failureMessages));
      }
    }
  }
}

const playwright = readJson(playwrightFile, 'playwright');
if (playwright) {
  const stats = playwright.stats ?? {};
  const failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  add('end-to-end (playwright)', stats.expected ?? 0, failed, stats.skipped ?? 0);
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected' || test.status === 'flaky') {
          const errors = (test.results ?? []).flatMap((r) => (r.error ? [r.error.message ?? ''] : []));
          failures.push(`${[...trail, spec.title].join(' > ')} (${test.status})`, ...excerpt(errors));
        }
        if (test.status === 'skipped') {
          const reason =
            (test.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
          console.log(`  skipped: ${[...trail, spec.title].join(' > ')}: ${reason}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of playwright.suites ?? []) walk(suite, [suite.title]);
  if ((playwright.errors ?? []).length > 0) {
    problems.push(`playwright: ${playwright.errors.length} error(s) outside tests`);
    totals.failed += playwright.errors.length;
  }
}

if (failures.length > 0) {
  console.log('failed tests:');
  for (const line of failures) console.log(line.startsWith(' ') ? line : `  failed: ${line}`);
}
for (const problem of problems) console.log(`problem: ${problem}`);
if (problems.length > 0 && totals.failed === 0) totals.failed = problems.length;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
