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

  go(route: Route): void {
    this.route = route;
    this.visit += 1;
  }

  home(): void {
    this.go({ name: 'home' });
  }
}

export const router = new Router();
