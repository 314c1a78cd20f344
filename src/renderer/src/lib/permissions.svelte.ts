/**
 * What the signed-in operator's role may call (src/shared/ipc/roles.ts, the table main enforces), so
 * a screen offers only what will be allowed: a teller who walked through the close dialog, or
 * pressed "Use this image anyway", was then told "Your role does not allow this". Main still refuses
 * whatever this says; it only decides what is shown. App.svelte keeps `role` current.
 */
import type { Role } from '../../../shared/ipc/auth';
import type { OperationName } from '../../../shared/ipc/contract';
import { PUBLIC, ROLES } from '../../../shared/ipc/roles';

class Permissions {
  /** The signed-in operator's role; null while nobody is signed in (or the screen is locked). */
  role = $state<Role | null>(null);

  /** True when the current role may call `operation`. */
  may(operation: OperationName): boolean {
    const access = ROLES[operation];
    return access === PUBLIC || (this.role !== null && access.includes(this.role));
  }
}

export const permissions = new Permissions();
