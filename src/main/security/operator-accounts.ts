/**
 * Operator accounts, as an administrator manages them: the training operators and the configured
 * first administrator created at start, the list, a new operator, a change (name, role, disabled,
 * a new secret). Every change is appended to the audit trail in the same transaction. Who is signed
 * in, the lock and the role check are security-service.ts's; the table is operators-repo.ts's.
 */
import type { SystemAuditAction } from '../../shared/domain/audit-actions';
import type { OperatorSummary } from '../../shared/ipc/admin';
import { TRAINING_PIN, type Role } from '../../shared/ipc/auth';
import { AppError } from '../ipc/errors';
import type { KioskStore } from '../store/store';
import { SYSTEM_ACTOR as SYSTEM, type Actor } from './actor-context';
import { OperatorsRepo, summaryOf } from './operators-repo';
import { DEFAULT_SCRYPT, hashSecret, type ScryptParams } from './secret-hash';

/** Training mode's operators (PIN TRAINING_PIN), accepted only in training mode. */
export const TRAINING_OPERATORS: readonly { id: string; name: string; role: Role }[] = [
  { id: 'training-teller', name: 'Training teller', role: 'teller' },
  { id: 'training-supervisor', name: 'Training supervisor', role: 'supervisor' },
  { id: 'training-admin', name: 'Training administrator', role: 'administrator' },
];

/** The administrator the configuration names for a production kiosk's first start. */
export interface FirstAdministrator {
  id: string;
  name: string;
  /** `scrypt$…` as printed by `npm run kiosk-secret -- --hash`. */
  secretHash: string;
}

/** What the accounts need from the security service. */
export interface AccountsDeps {
  /** The store (undefined while it needs service). */
  store: () => KioskStore | undefined;
  /** Training mode: only training operators are listed, created and changed. */
  training: boolean;
  /** Epoch ms. */
  now: () => number;
  scrypt?: ScryptParams | undefined;
  /** Appends to the audit trail (actor: the one acting in the current call unless given). */
  audit: (action: SystemAuditAction, detail: Record<string, unknown>, actor?: Actor) => void;
}

/** An operator change; absent fields stay as they are. */
export interface OperatorChange {
  id: string;
  name?: string | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
  /** A new PIN/password, stored as its scrypt hash. */
  secret?: string | undefined;
}

export class OperatorAccounts {
  constructor(private readonly deps: AccountsDeps) {}

  private store(): KioskStore {
    const store = this.deps.store();
    if (!store) throw new AppError('storage_failure', 'The store needs service: nobody can sign in');
    return store;
  }

  private repo(): OperatorsRepo {
    return new OperatorsRepo(this.store().db);
  }

  private hash(secret: string): Promise<string> {
    return hashSecret(secret, this.deps.scrypt ?? DEFAULT_SCRYPT);
  }

  /**
   * At start: creates the missing training operators (training mode), and the configured first
   * administrator when no administrator exists (never a default password). Nothing while the store
   * needs service.
   */
  async seed(first: FirstAdministrator | undefined): Promise<void> {
    const store = this.deps.store();
    if (!store) return;
    const repo = new OperatorsRepo(store.db);
    const now = this.deps.now;
    if (this.deps.training) {
      for (const op of TRAINING_OPERATORS) {
        if (repo.get(op.id)) continue;
        const hash = await this.hash(TRAINING_PIN);
        if (repo.get(op.id)) continue;
        store.tx(() => {
          repo.insert({ ...op, training: 1, secret_hash: hash, created_at: now(), updated_at: now() });
          this.deps.audit(
            'admin.operator_created',
            { operator: op.id, role: op.role, training: true },
            SYSTEM,
          );
        });
      }
    }
    if (first && repo.administrators(false) === 0 && !repo.get(first.id)) {
      store.tx(() => {
        repo.insert({
          id: first.id,
          name: first.name,
          role: 'administrator',
          training: 0,
          secret_hash: first.secretHash,
          created_at: now(),
          updated_at: now(),
        });
        this.deps.audit('admin.first_administrator', { operator: first.id, from: 'configuration' }, SYSTEM);
      });
    }
  }

  /** Whether the first start must ask for an administrator (production, none exists yet). */
  needsFirstAdministrator(): boolean {
    const store = this.deps.store();
    return (
      !this.deps.training && store !== undefined && new OperatorsRepo(store.db).administrators(false) === 0
    );
  }

  /** Training mode: the operators the sign-in screen offers (enabled ones); otherwise none. */
  trainingOperators(): { id: string; name: string; role: Role }[] {
    const store = this.deps.store();
    if (!this.deps.training || !store) return [];
    return new OperatorsRepo(store.db)
      .list(true)
      .filter((row) => row.disabled === 0)
      .map((row) => ({ id: row.id, name: row.name, role: row.role }));
  }

  /**
   * The first administrator from the first-start screen. Errors: conflict (training mode, an
   * administrator exists, the id is taken).
   */
  async createFirstAdministrator(id: string, name: string, secret: string): Promise<void> {
    if (this.deps.training) throw new AppError('conflict', 'Training mode has its own operators');
    const hash = await this.hash(secret);
    const repo = this.repo();
    this.store().tx(() => {
      if (repo.administrators(false) > 0) throw new AppError('conflict', 'An administrator already exists');
      if (repo.get(id)) throw new AppError('conflict', 'That operator id is taken');
      const now = this.deps.now();
      repo.insert({
        id,
        name,
        role: 'administrator',
        training: 0,
        secret_hash: hash,
        created_at: now,
        updated_at: now,
      });
      this.deps.audit(
        'admin.first_administrator',
        { operator: id, from: 'first_start' },
        { id, name, role: 'administrator' },
      );
    });
  }

  /** This mode's operators (training or real), with their lockout state at `now`. */
  list(): OperatorSummary[] {
    const now = this.deps.now();
    return this.repo()
      .list(this.deps.training)
      .map((row) => summaryOf(row, now));
  }

  /** A new operator of this mode. Errors: conflict (the id is taken). */
  async create(input: { id: string; name: string; role: Role; secret: string }): Promise<OperatorSummary> {
    const hash = await this.hash(input.secret);
    const repo = this.repo();
    this.store().tx(() => {
      if (repo.get(input.id)) throw new AppError('conflict', 'That operator id is taken');
      repo.insert({
        id: input.id,
        name: input.name,
        role: input.role,
        training: this.deps.training ? 1 : 0,
        secret_hash: hash,
        created_at: this.deps.now(),
        updated_at: this.deps.now(),
      });
      this.deps.audit('admin.operator_created', {
        operator: input.id,
        role: input.role,
        training: this.deps.training,
      });
    });
    return summaryOf(repo.get(input.id)!, this.deps.now());
  }

  /**
   * Changes an operator of this mode. Errors: not_found (no such operator in this mode), conflict
   * (the last administrator disabled or given another role).
   */
  async update(input: OperatorChange): Promise<OperatorSummary> {
    const hash = input.secret === undefined ? undefined : await this.hash(input.secret);
    const repo = this.repo();
    const training = this.deps.training;
    this.store().tx(() => {
      const row = repo.get(input.id);
      if (!row || (row.training === 1) !== training) throw new AppError('not_found', 'No such operator');
      const demoted =
        row.role === 'administrator' && ((input.role && input.role !== 'administrator') || input.disabled);
      if (demoted && row.disabled === 0 && repo.administrators(training) <= 1) {
        throw new AppError('conflict', 'The last administrator cannot be disabled or given another role');
      }
      repo.update(
        input.id,
        {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
          ...(hash !== undefined ? { secret_hash: hash } : {}),
        },
        this.deps.now(),
      );
      this.deps.audit('admin.operator_updated', {
        operator: input.id,
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(input.name !== undefined ? { renamed: true } : {}),
        ...(hash !== undefined ? { secretReplaced: true } : {}),
      });
    });
    return summaryOf(repo.get(input.id)!, this.deps.now());
  }
}
