// Jumio's prepared-data review (seed 004) through the real core and dispatcher, as the renderer
// reaches them, against training mode's Jumio simulator and the real relay: the case stops for the
// review after the selfie, main refuses values the descriptor's rules refuse (translated keys,
// nothing stored, the case still waiting), and what staff confirm reaches the simulator as one
// PREPARED_DATA part, nested as the seed shows, before the parts and the single finalize.
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/shared/ipc/cases';
import { signIn } from '../helpers/core';
import { drawnSelfiePng } from '../helpers/selfie';
import { useTestCore } from '../helpers/test-core';
import { call, TEST_CALL, until } from '../helpers/flow-calls';

const cores = useTestCore();
const ctx = TEST_CALL;

const stepState = (view: CaseView, key: string) => view.steps.find((s) => s.key === key)?.state;

describe('Jumio prepared data over IPC and the relay', () => {
  it('stops for the review, refuses bad values, sends what staff confirmed as PREPARED_DATA', async () => {
    const kiosk = cores.start();
    await signIn(kiosk);
    const training = (await kiosk.providers).training!;
    const jumio = training.simulators.jumio;
    let view = await call(kiosk, 'cases.start', { flow: 'jumio.credentials', fields: { customer: 'new' } });
    const source = { kind: 'device', sourceId: 'simulated:specimen:karim' };
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'front', source });
    view = await call(kiosk, 'cases.capture', { flow: view.flow, caseId: view.id, role: 'back', source });
    view = await call(kiosk, 'cases.capture', {
      flow: view.flow,
      caseId: view.id,
      role: 'selfie',
      source: { kind: 'file', name: 'selfie.png', bytes: new Uint8Array(await drawnSelfiePng()) },
    });
    view = await until(kiosk, view.id, (v) => v.state === 'needs_attention' || v.state === 'completed');
    expect(view.waitingFor, JSON.stringify(view.steps)).toEqual({
      kind: 'review',
      step: 'review-prepared-data',
    });
    // Nothing has gone to Jumio before the review: not even the transaction.
    expect(stepState(view, 'start-transaction')).toBe('pending');
    expect(view.review?.fields).toContain('dateOfBirth');

    const refused = await kiosk.dispatch(
      'cases.submitReview',
      {
        caseId: view.id,
        step: 'review-prepared-data',
        values: { firstName: 'Karim', lastName: '', dateOfBirth: '2099-01-01', email: 'karim@' },
      },
      ctx,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        details: [
          { field: 'lastName', key: 'required' },
          { field: 'dateOfBirth', key: 'isoDatePast' },
          { field: 'email', key: 'email' },
        ],
      },
    });
    const unknown = await kiosk.dispatch(
      'cases.submitReview',
      { caseId: view.id, step: 'review-prepared-data', values: { firstName: 'Karim', favourite: 'x' } },
      ctx,
    );
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { unknown: ['favourite'] } },
    });
    expect((await call(kiosk, 'cases.get', { caseId: view.id })).waitingFor).toEqual({
      kind: 'review',
      step: 'review-prepared-data',
    });

    view = await call(kiosk, 'cases.submitReview', {
      caseId: view.id,
      step: 'review-prepared-data',
      values: {
        firstName: ' Karim ',
        lastName: 'Mansour',
        sex: 'M',
        dateOfBirth: '١٩٩٠-٠٤-١٧',
        nationality: 'egy',
        city: 'Cairo',
        idNumber: 'ab123',
        middleName: '',
      },
    });
    view = await until(
      kiosk,
      view.id,
      (v) => stepState(v, 'finalize') === 'done' || v.state === 'needs_attention',
    );
    expect(stepState(view, 'finalize'), JSON.stringify(view.steps)).toBe('done');
    const sent = jumio.ledger.entries('prepared_data_set').at(-1);
    expect(sent?.details.data).toEqual({
      firstName: 'Karim',
      lastName: 'Mansour',
      sex: 'M',
      dateOfBirth: '1990-04-17',
      nationality: 'EGY',
      address: { city: 'Cairo' },
      id: { idNumber: 'AB123' },
    });
    expect(jumio.ledger.entries('prepared_data_refused')).toHaveLength(0);
    // The prepared data went to this case's transaction, before its parts and its one finalize.
    const execution = sent?.details.workflowExecutionId;
    const mine = jumio.ledger.entries().filter((e) => e.details.workflowExecutionId === execution);
    const order = mine.map((e) => e.effect);
    expect(order.indexOf('prepared_data_set')).toBeLessThan(order.indexOf('part_added'));
    expect(order.filter((e) => e === 'finalized')).toHaveLength(1);
  });
});
