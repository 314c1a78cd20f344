// The five provider flows run end to end by the REAL relay (QueueService on a real SQLite file)
// against the loopback simulators: a person reviews and captures what the relay pauses for, and the
// simulators' ledgers show each effect the flow should have had, the non-idempotent ones once.
import { describe, expect, it } from 'vitest';
import type { LuminSimulator } from '../../src/simulators/lumin';
import type { KycSession, UpdateSession } from '../../src/simulators/lumin/state';
import { specimenPerson } from '../../src/main/specimens';
import type { QueueService } from '../../src/main/sync/queue-service';
import { capture, describe as describeCase, driveCase, HODA, PASSWORD, settle } from '../helpers/relay-flows';
import { useRelayWorld } from '../helpers/relay-world';
import { errorCode } from '../helpers/images';
import { karimReview } from '../helpers/kiosk-person';

const relay = useRelayWorld();
const { images } = relay;
const start = (): QueueService => relay.open();

function kycSessionOf(lumin: LuminSimulator, userId: string): KycSession[] {
  return [...lumin.state.sessions.values()].filter(
    (s): s is KycSession => s.kind === 'kyc' && s.operator.userId === userId && s.frontApproved !== undefined,
  );
}

function updateSessions(lumin: LuminSimulator): UpdateSession[] {
  return [...lumin.state.sessions.values()].filter((s): s is UpdateSession => s.kind === 'update');
}

describe('the five flows through the relay, online', () => {
  it('lumin.kyc-national-id: upload front → review (corrected) → approve → back captured later → approve back', async () => {
    const { lumin } = relay.world.training.simulators;
    const karim = await images.card('karim');
    const q = start();
    const before = {
      approvedFront: lumin.ledger.count('front_approved'),
      approvedBack: lumin.ledger.count('back_approved'),
      onboarded: lumin.ledger.count('customer_onboarded'),
    };
    // Only the front at first: the back's capture step comes after the front's approval.
    const { id } = await q.cases.capture(capture('lumin.kyc-national-id', [karim.front]));
    const driven = await driveCase(q, relay.world.flows, id, {
      review: karimReview,
      later: { back: karim.back },
    });
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    expect(Object.keys(driven.reviewed)).toEqual(['review-front']);
    expect(driven.captured).toEqual(['back']);

    expect(lumin.ledger.count('front_approved') - before.approvedFront).toBe(1);
    expect(lumin.ledger.count('back_approved') - before.approvedBack).toBe(1);
    expect(lumin.ledger.count('customer_onboarded') - before.onboarded).toBe(1);
    // What Lumin registered is what the operator reviewed (birthdate in Lumin's dd/MM/yyyy).
    const reviewed = driven.reviewed['review-front']!;
    const [session] = kycSessionOf(lumin, 'op-7').filter((s) => s.customerId === s.back?.customerId);
    expect(session?.frontApproved).toMatchObject({
      fullNameEn: 'Karim Mahmoud El-Sayed',
      familyNameEn: 'Mahmoud El-Sayed',
      documentNumber: 'KH4471902',
      idNumber: specimenPerson('karim').nationalId,
      fullName: reviewed.fullName,
      birthdate: '02/11/1988',
    });
  });

  it('lumin.update-national-id: preamble, password from memory, uploads, review, approvals once', async () => {
    const { lumin } = relay.world.training.simulators;
    const hoda = await images.card('hoda');
    const q = start();
    const before = {
      front: lumin.ledger.count('front_approved'),
      updated: lumin.ledger.count('national_id_updated'),
      passwords: lumin.ledger.count('password_checked'),
    };
    const { id } = await q.cases.capture(
      capture('lumin.update-national-id', [hoda.front, hoda.back], { ...HODA }, { password: PASSWORD }),
    );
    const driven = await driveCase(q, relay.world.flows, id, {
      review: () => ({ fullNameEn: 'Hoda M. Kamel', firstNameEn: 'Hoda', familyNameEn: 'Mostafa Kamel' }),
    });
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    expect(lumin.ledger.count('front_approved') - before.front).toBe(1);
    expect(lumin.ledger.count('national_id_updated') - before.updated).toBe(1);
    expect(lumin.ledger.count('password_checked') - before.passwords).toBe(1);
    const session = updateSessions(lumin).find((s) => s.backApproved);
    expect(session?.frontApprovedBody).toEqual({
      fullNameEn: 'Hoda M. Kamel',
      firstNameEn: 'Hoda',
      familyNameEn: 'Mostafa Kamel',
    });
    // The password was used from memory and is gone once the case completed.
    expect(q.secrets.has(id)).toBe(false);
  });

  it('lumin.update-passport: upload passport, review the Arabic name, approve once', async () => {
    const { lumin } = relay.world.training.simulators;
    const passport = await images.passport('hoda');
    const q = start();
    const before = lumin.ledger.count('passport_updated');
    const { id } = await q.cases.capture(
      capture('lumin.update-passport', [passport], { ...HODA }, { password: PASSWORD }),
    );
    const driven = await driveCase(q, relay.world.flows, id, {
      review: (_key, ocr) => {
        expect(ocr.fullNameAr).toBe('هدى مصطفى كامل');
        return { fullNameAr: 'هدى مصطفى كامل عينة' };
      },
    });
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    expect(lumin.ledger.count('passport_updated') - before).toBe(1);
    const session = updateSessions(lumin).find((s) => s.passportApproved);
    expect(session?.passportApprovedBody).toEqual({ fullNameAr: 'هدى مصطفى كامل عينة' });
  });

  it('argos.put-image: both sides put into the submission once each, result approved', async () => {
    const { argos } = relay.world.training.simulators;
    const karim = await images.card('karim');
    const submission = argos.createSubmission();
    const q = start();
    const { id } = await q.cases.capture(
      capture('argos.put-image', [karim.front, karim.back], { submissionId: submission.id }),
    );
    const driven = await driveCase(q, relay.world.flows, id);
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    const puts = argos.ledger.entries('image_put').filter((e) => e.details.submissionId === submission.id);
    expect(puts.map((e) => e.details.field).sort()).toEqual(['idBackImage', 'idImage']);
    expect(submission.idType).toBe('government_id');
    const result = q.cases.reviewData(id).answers['read-result'] as { kyc: { result: string } };
    expect(result.kyc.result).toBe('approved');
    expect(driven.detail.deadlineAt).not.toBeNull();
  });

  it('argos.put-image: the submission deadline is known from the start, before anything is sent', async () => {
    const karim = await images.card('karim');
    const queue = relay.open({ start: false }); // not started: nothing is sent
    const startedOnline = new Date(Date.now() - 3_600_000).toISOString();
    const known = await queue.cases.capture(
      capture('argos.put-image', [karim.front], {
        submissionId: 'training-submission-1',
        submissionStartedAt: startedOnline,
      }),
    );
    expect(known.deadlineAt).toBe(new Date(Date.parse(startedOnline) + 4 * 3_600_000).toISOString());
    const unknown = await queue.cases.capture(
      capture('argos.put-image', [karim.front], { submissionId: 'training-submission-2' }),
    );
    const created = Date.parse(unknown.createdAt);
    expect(Date.parse(unknown.deadlineAt!)).toBe(created + 4 * 3_600_000);
  });

  it('jumio.credentials: one account, prepared data, three parts, finalize once, PROCESSED', async () => {
    const { jumio } = relay.world.training.simulators;
    const karim = await images.card('karim');
    const selfie = await images.selfie();
    const q = start();
    const before = {
      accounts: jumio.ledger.count('account_created'),
      finalized: jumio.ledger.count('finalized'),
    };
    const { id } = await q.cases.capture(
      capture('jumio.credentials', [karim.front, karim.back, selfie], {
        preparedData: {
          firstName: 'Karim',
          lastName: 'Mahmoud Elsayed',
          sex: 'M',
          dateOfBirth: '1988-11-02',
        },
      }),
    );
    const driven = await driveCase(q, relay.world.flows, id);
    expect(driven.detail.state, describeCase(driven.detail)).toBe('completed');
    expect(jumio.ledger.count('account_created') - before.accounts).toBe(1);
    expect(jumio.ledger.count('finalized') - before.finalized).toBe(1);
    const transaction = q.cases.reviewData(id).answers['start-transaction'] as {
      workflowExecutionId: string;
    };
    const mine = (effect: string) =>
      jumio.ledger
        .entries(effect)
        .filter((e) => e.details.workflowExecutionId === transaction.workflowExecutionId);
    expect(mine('part_added').map((e) => e.details.classifier)).toEqual(['FRONT', 'BACK', 'FACE']);
    expect(mine('prepared_data_set')).toHaveLength(1);
    expect(mine('finalized')).toHaveLength(1);
    expect(q.cases.reviewData(id).answers.result).toEqual({ status: 'PROCESSED' });
  });

  it('a review is refused unless its values go under the step key and are fields the step reviews', async () => {
    const amira = await images.card('amira');
    const q = start();
    const { id } = await q.cases.capture(capture('lumin.kyc-national-id', [amira.front]));
    const waiting = await settle(q, id);
    expect(waiting.attentionReason, describeCase(waiting)).toBe('review_required');
    // Flat values would be stored where the approve step never looks: the OCR would be sent.
    expect(
      await errorCode(
        Promise.resolve().then(() => q.cases.recordReview(id, 'review-front', { fullNameEn: 'X' })),
      ),
    ).toBe('invalid_input');
    expect(
      await errorCode(
        Promise.resolve().then(() =>
          q.cases.recordReview(id, 'review-front', { 'review-front': { religion: 'x' } }),
        ),
      ),
    ).toBe('invalid_input');
    expect(q.cases.get(id).steps.find((s) => s.key === 'review-front')?.state).toBe('waiting');
    q.cases.recordReview(id, 'review-front', { 'review-front': { fullNameEn: 'Amira H. Abdallah' } });
    const next = await settle(q, id);
    // The back has not been captured yet: the case waits for a first capture, not a recapture.
    expect(next.attentionReason, describeCase(next)).toBe('capture_required');
    expect(next.steps.find((s) => s.key === 'approve-front')?.state).toBe('done');
  });
});
