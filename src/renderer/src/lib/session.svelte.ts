/**
 * The staff session as the renderer sees it: who is signed in, whether the screen is locked, and
 * the calls that change it. Main is the authority (it refuses everything else while nobody is signed
 * in); this mirrors it through `auth.session` and the `auth.sessionChanged` event.
 */
import type { Session } from '../../../shared/ipc/auth';
import type { KioskApi } from '../../../shared/ipc/kiosk-api';
import type { IpcError, Result } from '../../../shared/ipc/result';
import type { I18n } from './i18n.svelte';

export class SessionState {
  session = $state<Session | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly kiosk: KioskApi,
    private readonly i18n: I18n,
  ) {}

  get operator(): Session['operator'] {
    return this.session?.operator ?? null;
  }

  get locked(): boolean {
    return this.session?.locked ?? false;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.kiosk.auth.onSessionChanged((session) => (this.session = session));
    const result = await this.kiosk.auth.session();
    if (result.ok) this.session = result.value;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** A translated message for an error answer (sign-in failures, lockout with its wait). */
  message(error: IpcError): string {
    if (error.code === 'locked_out') {
      const ms = (error.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 0;
      return this.i18n.t('errors.locked_out', { n: this.i18n.number(Math.ceil(ms / 1000)) });
    }
    if (error.code === 'invalid_input' && JSON.stringify(error.details ?? '').includes('secret')) {
      return this.i18n.t('auth.secret_too_weak');
    }
    return this.i18n.t(`errors.${error.code}`);
  }

  private async run(call: () => Promise<Result<Session>>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const result = await call();
      if (result.ok) this.session = result.value;
      else this.error = this.message(result.error);
      return result.ok;
    } finally {
      this.busy = false;
    }
  }

  signIn(operatorId: string, secret: string): Promise<boolean> {
    return this.run(() => this.kiosk.auth.signIn({ operatorId, secret }));
  }

  unlock(secret: string): Promise<boolean> {
    return this.run(() => this.kiosk.auth.unlock({ secret }));
  }

  createFirstAdministrator(id: string, name: string, secret: string): Promise<boolean> {
    return this.run(() => this.kiosk.auth.createFirstAdministrator({ id, name, secret }));
  }

  signOut(): Promise<boolean> {
    return this.run(() => this.kiosk.auth.signOut());
  }

  lock(): Promise<boolean> {
    return this.run(() => this.kiosk.auth.lock());
  }
}
