/**
 * The audit trail as a service: verification of the keyed hash chain (in the background at start-up,
 * and on demand for a supervisor), listing, and the export of a date range for compliance (JSON
 * lines in `<data folder>/exports/`, ending with the verification result, so the file says whether
 * the trail it came from was intact).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, AuditVerification } from '../../shared/ipc/audit';
import { AppError } from '../ipc/errors';
import type { Logger } from '../logging/logger';
import { toEntry, type AuditFilter } from '../store/audit-repo';
import type { KioskStore } from '../store/store';
import { verifyChain } from './audit-chain';

export interface AuditServiceOptions {
  store: () => KioskStore | undefined;
  /** HMAC key of the chain (store.auditKey). */
  dataDir: string;
  log: Logger;
  now?: () => number;
}

export class AuditService {
  private last: AuditVerification = { ok: true, rows: 0, problems: [], checkedAt: null, ms: 0 };
  private readonly now: () => number;

  constructor(private readonly options: AuditServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  private store(): KioskStore {
    const store = this.options.store();
    if (!store) throw new AppError('storage_failure', 'The store needs service');
    return store;
  }

  /** Verifies the whole chain now (10,000 rows: tens of ms; see bench/audit-verify). */
  verify(): AuditVerification {
    const store = this.store();
    const started = performance.now();
    const rows = store.audit.all();
    const problems = verifyChain(store.audit.chainKey, rows, store.audit.head());
    this.last = {
      ok: problems.length === 0,
      rows: rows.length,
      problems,
      checkedAt: this.now(),
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (problems.length > 0) {
      this.options.log.error('audit.chain_broken', {
        problems: problems.slice(0, 20).map((p) => `${p.problem}@${p.seq}`),
      });
    } else {
      this.options.log.info('audit.chain_verified', { rows: rows.length, ms: this.last.ms });
    }
    return this.last;
  }

  /** Start-up: verify once the event loop is free, never delaying the first screen. */
  verifyInBackground(): void {
    setTimeout(() => {
      try {
        if (this.options.store()) this.verify();
      } catch (error) {
        this.options.log.error('audit.verify_failed', { error });
      }
    }, 0).unref();
  }

  lastVerification(): AuditVerification {
    return this.last;
  }

  list(filter: AuditFilter): AuditEntry[] {
    return this.store().audit.list(filter);
  }

  /** Writes the entries of [from, to) and the chain's verification; audited itself. */
  export(from: number, to: number): { file: string; entries: number } {
    const store = this.store();
    const verification = this.verify();
    const rows = store.audit.range(from, to);
    const dir = join(this.options.dataDir, 'exports');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `audit-${from}-${to}-${this.now()}.jsonl`);
    const lines = rows.map((row) => JSON.stringify({ ...toEntry(row), mac: row.mac, prevMac: row.prev_mac }));
    lines.push(JSON.stringify({ verification }));
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    store.audit.append({
      at: this.now(),
      action: 'audit.exported',
      detail: { from, to, entries: rows.length },
    });
    return { file, entries: rows.length };
  }
}
