// The HTTP timeout holds while an answer's body is read, whatever the garbage collector does:
// once fetch resolved, undici followed our signal only through a WeakRef to its own controller, so
// a collection between the headers and the body lost the abort, and a slow body was waited for
// whole (fault-outcomes.test.ts "argos: slow_body" hit its test timeout in 2 of 6 full runs). A
// real child process with --expose-gc, collecting every 50 ms, against a loopback server.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runTsChild } from '../helpers/child-process';

it('a 1 s timeout ends a body that takes 10 s, with a garbage collection every 50 ms', async () => {
  const { code, out, errors } = await runTsChild(
    join(import.meta.dirname, '../helpers/http-abort-gc-child.ts'),
    ['--expose-gc'],
  );
  expect(code, errors).toBe(0);
  const calls = out.split('\n').filter((line) => line.startsWith('CALL '));
  expect(out, errors).toContain('DONE');
  // Each call a timeout (before the fix: "response", the whole body after 10 s).
  expect(calls.map((line) => line.split(' ')[1])).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
}, 90_000);
