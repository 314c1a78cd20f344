// eSCL discovery over real mDNS, without anything leaving the machine: the test runs a child in a
// private network namespace (`unshare -n`, root) whose only interface is loopback with multicast on
// and a multicast route (test-rig.md). There a simulator is announced as `_uscan._tcp` with
// bonjour-service, and the kiosk's discovery must find it, list it, and see it leave.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function namespaceUnavailable(): string | null {
  try {
    execFileSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up', 'multicast', 'on'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `unshare -n with ip(8) is not available here (needs root and iproute2): ${(error as Error).message.split('\n')[0]}`;
  }
}

const reason = namespaceUnavailable();
if (reason) console.log(`SKIPPED escl-mdns: ${reason}`);

describe('eSCL discovery over mDNS in a private network namespace', () => {
  it.skipIf(reason !== null)(
    'finds an announced _uscan._tcp scanner, lists it, and sees it leave',
    () => {
      const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
      const child = join(process.cwd(), 'tests/helpers/mdns-namespace-child.ts');
      const result = spawnSync(
        'unshare',
        [
          '-n',
          'sh',
          '-c',
          'ip link set lo up multicast on && ip route add 224.0.0.0/4 dev lo && exec "$0" "$1"',
          tsx,
          child,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const outcome = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
        initial: string[];
        found: string[];
        url: string;
        simulator: string;
        listed: { id: string; label: string; status: string }[];
        after: string[];
      };
      expect(outcome.initial).toEqual(['Configured']);
      expect(outcome.found).toEqual(['Configured', 'Branch MFP [A1B2C3]']);
      // The announced address, SRV port and TXT rs make the simulator's own URL.
      expect(outcome.url).toBe(outcome.simulator);
      expect(outcome.listed).toEqual([
        { id: 'escl:Configured', label: 'Configured', status: 'offline' },
        { id: 'escl:Branch MFP [A1B2C3]', label: 'Branch MFP 4000 (Branch MFP [A1B2C3])', status: 'ready' },
      ]);
      expect(outcome.after).toEqual(['Configured']);
    },
    90_000,
  );
});
