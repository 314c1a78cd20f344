/**
 * Driving a staff flow through the real dispatcher, as the flow screen does: call an operation,
 * wait for a case to need a person (re-reading it on every queue event, no polling or sleeps),
 * capture a specimen's front and back for the onboarding, approve the provider's reading as the
 * review form first shows it.
 */
import type { KioskCore } from '../../src/main/core';
import { initialFormValue } from '../../src/shared/flows/form-rules';
import { flowDescriptor } from '../../src/shared/flows/registry';
import type { CaseView } from '../../src/shared/ipc/cases';
import type { Result } from '../../src/shared/ipc/result';

export const TEST_CALL = { transport: 'test' as const };
const ctx = TEST_CALL;

export async function call<T = CaseView>(kiosk: KioskCore, name: string, input: unknown): Promise<T> {
  const result = (await kiosk.dispatch(name, input, ctx)) as Result<T>;
  if (!result.ok) {
    const details = JSON.stringify(result.error.details ?? null);
    throw new Error(`${name}: ${result.error.code} ${result.error.message} ${details}`);
  }
  return result.value;
}

/** Resolves with the case's view once `done` says so, re-reading it on every queue event. */
export function until(
  kiosk: KioskCore,
  caseId: string,
  done: (view: CaseView) => boolean,
): Promise<CaseView> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = async (): Promise<void> => {
      const result = (await kiosk.dispatch('cases.get', { caseId }, ctx)) as Result<CaseView>;
      if (settled) return;
      if (!result.ok) return void reject(new Error(result.error.message));
      if (done(result.value)) {
        settled = true;
        off();
        resolve(result.value);
      }
    };
    const off = kiosk.events.subscribe((name, payload) => {
      if (name === 'queue.caseChanged' && (payload as { id: string }).id === caseId) void check();
    });
    void check();
  });
}

export const waitsForPerson = (view: CaseView): boolean =>
  view.state === 'needs_attention' || view.state === 'completed' || view.state === 'cancelled';

/** Captures front and back of a specimen for the onboarding and waits until a person is needed. */
export async function startOnboarding(kiosk: KioskCore, specimen: string): Promise<CaseView> {
  const source = { kind: 'device', sourceId: `simulated:specimen:${specimen}` };
  const flow = 'lumin.kyc-national-id';
  let view = await call(kiosk, 'cases.capture', { flow, role: 'front', source });
  view = await call(kiosk, 'cases.capture', { flow, caseId: view.id, role: 'back', source });
  return until(kiosk, view.id, waitsForPerson);
}

/** Approves the provider's reading as it is, and waits for the case to finish. */
export async function approveReading(kiosk: KioskCore, view: CaseView): Promise<CaseView> {
  const review = view.review!;
  // As the review form first shows them (shared/flows/form-rules.ts: ISO dates as dd/MM/yyyy).
  const form = flowDescriptor(view.flow)!.reviews.find((r) => r.step === review.step)!.fields;
  const values = Object.fromEntries(
    form
      .filter((field) => review.extracted[field.name])
      .map((field) => [field.name, initialFormValue(field, review.extracted[field.name])]),
  );
  await call(kiosk, 'cases.submitReview', { caseId: view.id, step: review.step, values });
  return until(kiosk, view.id, (v) => v.state === 'completed' || v.state === 'needs_attention');
}
