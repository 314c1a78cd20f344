// The contract's roles table: every operation declares who may call it (the type makes a missing
// entry a compile error; this test catches an empty set or a stray key), and the rules hold.
import { describe, expect, it } from 'vitest';
import { operationNames } from '../../src/shared/ipc/contract';
import { INPUT_RULES, mayCall, PUBLIC, ROLES } from '../../src/shared/ipc/roles';
import { roleSchema } from '../../src/shared/ipc/auth';

describe('roles table', () => {
  it('declares a non-empty role set (or PUBLIC) for every operation, and nothing else', () => {
    expect(Object.keys(ROLES).sort()).toEqual([...operationNames].sort());
    for (const name of operationNames) {
      const access = ROLES[name];
      if (access === PUBLIC) continue;
      expect(access.length, name).toBeGreaterThan(0);
      for (const role of access) expect(roleSchema.options, name).toContain(role);
    }
  });

  it('makes only status, language and sign-in itself public', () => {
    const open = operationNames.filter((name) => ROLES[name] === PUBLIC).sort();
    expect(open).toEqual(
      [
        'app.getStatus',
        'app.setLanguage',
        'auth.createFirstAdministrator',
        'auth.session',
        'auth.signIn',
        'auth.signOut',
        'auth.unlock',
        'queue.status',
      ].sort(),
    );
  });

  it('gives cancel, purge and the audit to supervisors, not tellers', () => {
    for (const name of ['queue.cancel', 'queue.purgeCompleted', 'audit.list', 'audit.export'] as const) {
      expect(mayCall(name, 'teller'), name).toBe(false);
      expect(mayCall(name, 'supervisor'), name).toBe(true);
    }
    expect(INPUT_RULES['queue.retry']?.({ caseId: 'c', uncertainStep: 'resend' })).toEqual(['supervisor']);
    expect(INPUT_RULES['queue.retry']?.({ caseId: 'c' })).toBeUndefined();
  });

  it('keeps the administrator away from customer data', () => {
    const customer = operationNames.filter((name) => name.startsWith('cases.') || name.startsWith('queue.'));
    for (const name of customer.filter((n) => n !== 'queue.status')) {
      expect(mayCall(name, 'administrator'), name).toBe(false);
    }
    expect(mayCall('devices.importFile', 'administrator')).toBe(false);
    for (const name of operationNames.filter((n) => n.startsWith('admin.'))) {
      expect(mayCall(name, 'administrator'), name).toBe(true);
      expect(mayCall(name, 'supervisor'), name).toBe(false);
    }
  });

  it('lets a teller run the flows', () => {
    for (const name of [
      'cases.capture',
      'cases.get',
      'cases.submitReview',
      'devices.scan',
      'queue.retry',
    ] as const) {
      expect(mayCall(name, 'teller'), name).toBe(true);
    }
    expect(mayCall('cases.get', undefined)).toBe(false);
  });
});
