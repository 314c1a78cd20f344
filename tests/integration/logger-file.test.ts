// The file logger on a real folder: rotation by size, file mode, and no personal data on disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/main/logging/logger';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('file logger', () => {
  it('writes JSON lines, rotates by size and keeps personal data off the disk', async () => {
    const dir = tempDir();
    const log = createFileLogger(dir, { size: '10K', maxFiles: 3 });
    for (let i = 0; i < 400; i++) {
      log.info('capture stored', {
        caseId: `case-${i}`,
        customer: { fullName: 'أحمد محمد علي', idNumber: '29809191234567' },
        note: `scan of 29809191234567 for Ahmed, token Bearer abc.def.${i}`,
      });
    }
    await log.close();
    const files = readdirSync(join(dir, 'logs')).filter((f) => f.endsWith('.log'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(4);
    const all = files.map((f) => readFileSync(join(dir, 'logs', f), 'utf8')).join('');
    expect(all).not.toContain('29809191234567');
    expect(all).not.toContain('أحمد');
    expect(all).not.toContain('abc.def');
    expect(all).toContain('case-399');
    const current = readFileSync(join(dir, 'logs', 'kiosk.log'), 'utf8')
      .trim()
      .split('\n');
    for (const line of current) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(statSync(join(dir, 'logs', 'kiosk.log')).mode & 0o077).toBe(0);
  });
});
