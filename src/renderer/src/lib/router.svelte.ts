/**
 * Which screen is showing. A kiosk has no address bar, so this is plain state, not URLs; every
 * screen change moves keyboard focus to the new screen's heading (see Screen.svelte).
 */
import type { FlowId } from '../../../shared/domain/flows';

export type Route =
  | { name: 'home' }
  /** `prefill`: identify fields filled in advance (a follow-up offered by another case). */
  | { name: 'flow'; flow: FlowId; caseId?: string; prefill?: Record<string, string> }
  | { name: 'queue' }
  | { name: 'inbox' }
  | { name: 'case'; caseId: string }
  | { name: 'audit'; caseId?: string }
  | { name: 'admin' };

export class Router {
  route = $state<Route>({ name: 'home' });
  /** Bumped on every navigation so screens can re-focus even when the route looks the same. */
  visit = $state(0);

  /** The case a flow screen opened without one in its route has since saved (`noteCase`). */
  private flowCase: string | null = null;

  go(route: Route): void {
    this.route = route;
    this.flowCase = null;
    this.visit += 1;
  }

  /**
   * The flow screen's case, once saved: the route keeps no id (changing it would remount the
   * screen), so the screen says it here for `resumable`.
   */
  noteCase(caseId: string): void {
    if (this.route.name === 'flow' && !this.route.caseId) this.flowCase = caseId;
  }

  /**
   * Where to come back to after a lock: the current route, a flow screen with its saved case (it
   * reopens from the store; nothing unsaved is kept), without identify fields typed in advance.
   */
  resumable(): Route {
    const route = this.route;
    if (route.name !== 'flow') return route;
    const caseId = route.caseId ?? this.flowCase ?? undefined;
    return { name: 'flow', flow: route.flow, ...(caseId ? { caseId } : {}) };
  }

  home(): void {
    this.go({ name: 'home' });
  }
}

export const router = new Router();
