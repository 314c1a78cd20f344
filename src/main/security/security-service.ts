/**
 * Staff sign-in for the kiosk: one session at a time (one screen), operators in the store, PINs and
 * passwords checked with scrypt, lockout with back-off, an idle lock, and the role check the
 * dispatcher asks before every handler (roles.ts). Every sign-in, failure, lockout, lock and
 * account change is appended to the audit trail.
 *
 * Training mode has its own operators (`training-teller`, `training-supervisor`, `training-admin`,
 * PIN TRAINING_PIN), created at start and accepted only in training mode; a production kiosk
 * accepts only real operators, the first administrator being created at first start (or imported
 * from the administrator's configuration file as a scrypt hash), never from a default password.
 *
 * The session, the lock and the role check stay in this one file: they share one piece of state
 * (who is signed in, since when, locked or not) that must change in one place. Operator accounts
 * (operator-accounts.ts), hashing, lockout policy, the operators table and the actor context are
 * their own files.
 */
import type { SystemAuditAction } from '../../shared/domain/audit-actions';
import type { AppMode } from '../../shared/ipc/app';
import type { OperatorSummary } from '../../shared/ipc/admin';
import { TRAINING_PIN, type Role, type Session, type SessionOperator } from '../../shared/ipc/auth';
import type { OperationName } from '../../shared/ipc/contract';
import { INPUT_RULES, PUBLIC, ROLES } from '../../shared/ipc/roles';
import { AppError } from '../ipc/errors';
import type { Logger } from '../logging/logger';
import type { KioskStore } from '../store/store';
import { currentActor, type Actor } from './actor-context';
import { DEFAULT_LOCKOUT, lockoutAfter, type LockoutPolicy } from './lockout';
import { OperatorAccounts, type FirstAdministrator, type OperatorChange } from './operator-accounts';
import { OperatorsRepo, type OperatorRow } from './operators-repo';
import { DEFAULT_SCRYPT, hashSecret, verifySecret, type ScryptParams } from './secret-hash';

export { TRAINING_PIN };
export type { FirstAdministrator };

export interface SecurityOptions {
  /** The store (undefined while it needs service: nobody can sign in then). */
  store: () => KioskStore | undefined;
  mode: AppMode;
  log: Logger;
  now?: () => number;
  /**
   * Lock after this long without a call (ms); read at each call, so an administrator's change on
   * the settings screen applies to the session already open.
   */
  lockAfterMs: number | (() => number);
  lockout?: LockoutPolicy;
  scrypt?: ScryptParams;
  firstAdministrator?: FirstAdministrator | undefined;
  /** Pushes `auth.sessionChanged`. */
  changed?: (session: Session) => void;
}

interface LiveSession {
  operator: SessionOperator;
  locked: boolean;
  lastActivity: number;
}

export type Admission =
  | { ok: true; operator: SessionOperator | undefined }
  | { ok: false; code: 'unauthenticated' | 'forbidden'; message: string };

export class SecurityService {
  private current: LiveSession | undefined;
  private readonly now: () => number;
  /** A hash to check against when the operator does not exist, so timing does not tell. */
  private decoy: Promise<string> | undefined;
  /** Resolves once the training operators (or the configured first administrator) exist. */
  readonly ready: Promise<void>;

  private readonly accounts: OperatorAccounts;

  constructor(private readonly options: SecurityOptions) {
    this.now = options.now ?? Date.now;
    this.accounts = new OperatorAccounts({
      store: options.store,
      training: options.mode === 'training',
      now: () => this.now(),
      scrypt: options.scrypt,
      audit: (action, detail, actor) => this.audit(action, detail, actor),
    });
    this.ready = this.accounts
      .seed(options.firstAdministrator)
      // The sign-in screen may have asked before the training operators existed: tell it now.
      .then(() => void this.emit())
      .catch((error: unknown) => options.log.error('security.prepare_failed', { error }));
  }

  private lockAfterMs(): number {
    const value = this.options.lockAfterMs;
    return typeof value === 'number' ? value : value();
  }

  /** Pushes the session again (its lock time changed on the settings screen). */
  settingsChanged(): void {
    this.emit();
  }

  private get training(): boolean {
    return this.options.mode === 'training';
  }

  private store(): KioskStore {
    const store = this.options.store();
    if (!store) throw new AppError('storage_failure', 'The store needs service: nobody can sign in');
    return store;
  }

  private operators(): OperatorsRepo {
    return new OperatorsRepo(this.store().db);
  }

  private audit(action: SystemAuditAction, detail: Record<string, unknown>, actor?: Actor): void {
    this.store().audit.append({ at: this.now(), action, detail, ...(actor ? { actor } : {}) });
  }

  private actorOf(operator: SessionOperator): Actor {
    return { id: operator.id, name: operator.name, role: operator.role };
  }

  session(): Session {
    return {
      operator: this.current?.operator ?? null,
      locked: this.current?.locked ?? false,
      needsFirstAdministrator: this.accounts.needsFirstAdministrator(),
      trainingOperators: this.accounts.trainingOperators(),
      lockAfterSeconds: Math.round(this.lockAfterMs() / 1000),
    };
  }

  private emit(): Session {
    const session = this.session();
    this.options.changed?.(session);
    return session;
  }

  /** The operator acting in the current call, for the case row and the provider (Lumin userId). */
  actingOperator(): { id: string; name: string } {
    const actor = currentActor();
    if (actor.role === null) throw new AppError('unauthenticated', 'Nobody is signed in');
    return { id: actor.id, name: actor.name };
  }

  /**
   * The dispatcher's question before a handler runs. Locks an idle session first (the renderer
   * locks on its own timer too; this is the guarantee when it does not).
   */
  admit(name: OperationName): Admission {
    const access = ROLES[name];
    const session = this.current;
    if (session && !session.locked && this.now() - session.lastActivity > this.lockAfterMs()) {
      this.lockNow('idle');
    }
    const live = this.current && !this.current.locked ? this.current : undefined;
    if (access === PUBLIC) return { ok: true, operator: live?.operator };
    if (!live) {
      return {
        ok: false,
        code: 'unauthenticated',
        message: this.current?.locked ? 'The session is locked' : 'Nobody is signed in',
      };
    }
    if (!access.includes(live.operator.role)) return this.forbid(name, live.operator);
    live.lastActivity = this.now();
    return { ok: true, operator: live.operator };
  }

  /** Input-dependent rules (roles.ts INPUT_RULES), after the input was parsed. */
  admitInput(name: OperationName, input: unknown, operator: SessionOperator | undefined): Admission {
    const roles = INPUT_RULES[name]?.(input);
    if (!roles) return { ok: true, operator };
    if (!operator || !roles.includes(operator.role)) {
      return operator
        ? this.forbid(name, operator)
        : { ok: false, code: 'unauthenticated', message: 'Nobody is signed in' };
    }
    return { ok: true, operator };
  }

  private forbid(name: OperationName, operator: SessionOperator): Admission {
    this.options.log.warn('security.forbidden', {
      operation: name,
      operator: operator.id,
      role: operator.role,
    });
    try {
      this.audit('auth.forbidden', { operation: name }, this.actorOf(operator));
    } catch {
      // the refusal stands even if it cannot be recorded
    }
    return { ok: false, code: 'forbidden', message: `A ${operator.role} may not call ${name}` };
  }

  private async check(row: OperatorRow | undefined, secret: string): Promise<boolean> {
    if (!row) {
      this.decoy ??= hashSecret('decoy', this.options.scrypt ?? DEFAULT_SCRYPT);
      await verifySecret(secret, await this.decoy);
      return false;
    }
    return verifySecret(secret, row.secret_hash);
  }

  /** Signs an operator in; see auth.signIn in the contract for the answers. */
  async signIn(operatorId: string, secret: string): Promise<Session> {
    await this.ready;
    const repo = this.operators();
    const row = repo.get(operatorId);
    const usable = row && row.disabled === 0 && (row.training === 1) === this.training ? row : undefined;
    const now = this.now();
    if (usable?.locked_until && usable.locked_until > now) {
      this.audit(
        'auth.sign_in_refused_locked',
        { operator: usable.id },
        { id: usable.id, name: usable.name, role: usable.role },
      );
      throw new AppError('locked_out', 'Too many failed sign-ins: wait before trying again', {
        retryAfterMs: usable.locked_until - now,
      });
    }
    const matches = await this.check(usable, secret);
    if (!usable || !matches) {
      const failures = (usable?.failed_attempts ?? 0) + 1;
      const lockMs = usable ? lockoutAfter(failures, this.options.lockout ?? DEFAULT_LOCKOUT) : 0;
      const claimed: Actor = usable
        ? { id: usable.id, name: usable.name, role: usable.role }
        : { id: operatorId.slice(0, 64), name: '(unknown)', role: null };
      this.store().tx(() => {
        if (usable)
          repo.recordFailure(usable.id, failures, lockMs > 0 ? this.now() + lockMs : null, this.now());
        this.audit('auth.sign_in_failed', { failures: usable ? failures : null }, claimed);
        if (lockMs > 0) this.audit('auth.locked_out', { ms: lockMs }, claimed);
      });
      if (lockMs > 0) {
        throw new AppError('locked_out', 'Too many failed sign-ins: wait before trying again', {
          retryAfterMs: lockMs,
        });
      }
      throw new AppError('sign_in_failed', 'Unknown operator or wrong PIN/password');
    }
    const operator: SessionOperator = {
      id: usable.id,
      name: usable.name,
      role: usable.role,
      training: usable.training === 1,
    };
    const previous = this.current;
    this.store().tx(() => {
      repo.recordSuccess(usable.id, this.now());
      if (previous?.operator.id === operator.id && previous.locked) {
        this.audit('auth.unlocked', {}, this.actorOf(operator));
      } else {
        if (previous) this.audit('auth.signed_out', { reason: 'replaced' }, this.actorOf(previous.operator));
        this.audit('auth.signed_in', {}, this.actorOf(operator));
      }
    });
    this.current = { operator, locked: false, lastActivity: this.now() };
    return this.emit();
  }

  signOut(): Session {
    const session = this.current;
    if (session) {
      this.audit('auth.signed_out', {}, this.actorOf(session.operator));
      this.current = undefined;
    }
    return this.emit();
  }

  lock(): Session {
    this.lockNow('requested');
    return this.emit();
  }

  private lockNow(reason: 'idle' | 'requested'): void {
    const session = this.current;
    if (!session || session.locked) return;
    session.locked = true;
    this.audit('auth.locked', { reason }, this.actorOf(session.operator));
    if (reason === 'idle') this.options.changed?.(this.session());
  }

  async unlock(secret: string): Promise<Session> {
    const session = this.current;
    if (!session) throw new AppError('unauthenticated', 'Nobody is signed in');
    if (!session.locked) return this.session();
    try {
      await this.signIn(session.operator.id, secret);
    } catch (error) {
      // signIn counted the failure; a lockout ends the locked session.
      if (error instanceof AppError && error.code === 'locked_out') this.current = undefined;
      throw error;
    }
    return this.session();
  }

  /** The first administrator from the first-start screen, signed in at once (operator-accounts.ts). */
  async createFirstAdministrator(id: string, name: string, secret: string): Promise<Session> {
    await this.ready;
    await this.accounts.createFirstAdministrator(id, name, secret);
    return this.signIn(id, secret);
  }

  /** Audits an administrator's action that changes no operator (a secret sealed, a bundle written). */
  recordAdmin(action: SystemAuditAction, detail: Record<string, unknown>): void {
    this.audit(action, detail);
  }

  listOperators(): OperatorSummary[] {
    return this.accounts.list();
  }

  createOperator(input: { id: string; name: string; role: Role; secret: string }): Promise<OperatorSummary> {
    return this.accounts.create(input);
  }

  /** Changes an operator (operator-accounts.ts); one signed in and now disabled or demoted is signed out. */
  async updateOperator(input: OperatorChange): Promise<OperatorSummary> {
    const summary = await this.accounts.update(input);
    if (this.current?.operator.id === input.id && (input.disabled || input.role)) {
      this.current = undefined;
      this.emit();
    }
    return summary;
  }
}
