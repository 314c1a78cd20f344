// Jumio contract (seed 004; providers.md §3): OAuth, account create/update, credential parts with
// their limits, prepared data, documents, deletes, finalize exactly once, status; every documented
// status (200, 400, 401, 403, 404, 429) from the request that causes it, and its outcome.
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvidersConfig } from '../../../src/main/providers/config';
import { renderNationalId, specimenPerson } from '../../../src/main/specimens';
import type {
  FlowDefinition,
  JsonValue,
  ProviderSession,
  StoredImage,
} from '../../../src/main/sync/flow-types';
import {
  createJumioSimulator,
  type JumioSimulator,
  type JumioSimulatorOptions,
} from '../../../src/simulators/jumio';
import { manualClock } from '../../helpers/clock';
import { startProviders, type ProviderHarness } from '../../helpers/providers';
import { idCardImages, stored } from '../../helpers/specimen-images';
import { session, step, stepContext } from '../../helpers/step-context';

let providers: ProviderHarness;
let jumio: JumioSimulator;
let card: { front: StoredImage; back: StoredImage };
let selfie: StoredImage;
const UA = { 'user-agent': 'BranchKycKiosk/0.1.0' };
// Asymmetric matchers are typed `any`; held as unknown they satisfy the type-aware lint.
const anyString: unknown = expect.any(String);
const initiated: unknown = expect.stringContaining('INITIATED');

beforeAll(async () => {
  providers = await startProviders({
    jumio: { accountRatePerSecond: 1_000, timing: { processingMs: 60_000 } },
  });
  jumio = providers.simulators.jumio;
  card = await idCardImages('youssef');
  selfie = stored('selfie', (await renderNationalId(specimenPerson('amira'), { scale: 0.5 })).front);
});
afterAll(() => providers.close());

async function png(width: number, height: number): Promise<StoredImage> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#ccc' } })
    .png()
    .toBuffer();
  return { role: 'front', mime: 'image/png', bytes: new Uint8Array(bytes), width, height };
}

/** A flow against a simulator, authenticated and with its transaction started. */
async function started(flow: FlowDefinition, images: Record<string, StoredImage> = { ...card, selfie }) {
  const s: ProviderSession | undefined = flow.authenticate ? await session(flow) : undefined;
  const outcome = await step(flow, 'start-transaction').run(stepContext({ flow, session: s, images }));
  if (outcome.kind !== 'success') throw new Error(JSON.stringify(outcome));
  const answers: Record<string, JsonValue> = { 'start-transaction': outcome.answer! };
  const run = (
    key: string,
    extra: Parameters<typeof stepContext>[0] extends infer C ? Partial<C> : never = {},
  ) => step(flow, key).run(stepContext({ flow, session: s, images, answers, ...extra }));
  return {
    session: s,
    answers,
    run,
    transaction: outcome.answer as {
      accountId: string;
      workflowExecutionId: string;
      token: string;
      workflowUrl: string;
      credentials: { id: string; category: string }[];
    },
  };
}

async function withSimulator<T>(
  options: JumioSimulatorOptions,
  body: (sim: JumioSimulator, config: ProvidersConfig) => Promise<T>,
): Promise<T> {
  const sim = createJumioSimulator({ accountRatePerSecond: 1_000, ...options });
  const url = await sim.listen();
  try {
    return await body(sim, {
      jumio: { ...providers.config.jumio!, urls: { auth: url, account: url, api: url, retrieval: url } },
    });
  } finally {
    await sim.close();
  }
}

describe('seed 004 over raw HTTP', () => {
  it('OAuth token with HTTP Basic and a form body; refuses bad credentials; a missing User-Agent is 403', async () => {
    const basic = Buffer.from('training-client:training-client-secret').toString('base64');
    const ok = await fetch(`${jumio.url}/oauth2/token`, {
      method: 'POST',
      headers: { ...UA, authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      expires_in: 3600,
      token_type: 'Bearer',
      access_token: anyString,
    });
    const bad = await fetch(`${jumio.url}/oauth2/token`, {
      method: 'POST',
      headers: { ...UA, authorization: 'Basic eDp5' },
      body: 'grant_type=client_credentials',
    });
    expect(bad.status).toBe(401);
    // fetch always sends a User-Agent; a plain node:http request can leave it out.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${jumio.url}/oauth2/token`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('grant_type=client_credentials');
    });
    expect(status).toBe(403);
  });

  it('the token endpoint answers 429 above 10 requests per second', async () => {
    // The simulator's clock stands still: all twelve fall in one second however slow the machine.
    const clock = manualClock();
    await withSimulator({ clock: clock.now }, async (sim) => {
      const basic = Buffer.from('training-client:training-client-secret').toString('base64');
      const statuses = await Promise.all(
        Array.from({ length: 12 }, () =>
          fetch(`${sim.url}/oauth2/token`, {
            method: 'POST',
            headers: { ...UA, authorization: `Basic ${basic}` },
            body: new URLSearchParams({ grant_type: 'client_credentials' }),
          }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 429).length).toBe(2);
    });
  });

  it('credential answers have the documented shape; limits and order give 400, unknown ids 404', async () => {
    const flow = providers.flow('jumio.credentials');
    const { transaction, run } = await started(flow);
    const id = transaction.credentials.find((c) => c.category === 'ID')!;
    const P = `${transaction.workflowUrl}/credentials/${id.id}`;
    const auth = { ...UA, authorization: `Bearer ${transaction.token}` };
    const upload = (
      classifier: string,
      bytes: Uint8Array,
      method = 'POST',
      url = `${P}/parts/${classifier}`,
    ) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'f.jpg');
      return fetch(url, { method, headers: auth, body: form });
    };
    expect((await fetch(transaction.workflowUrl, { method: 'PUT', headers: auth })).status).toBe(400); // finalize before parts
    const added = await upload('FRONT', card.front.bytes);
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({
      timestamp: anyString,
      account: { id: transaction.accountId },
      workflowExecution: { id: transaction.workflowExecutionId },
      credential: { id: id.id },
      part: { id: 'FRONT' },
      api: {
        token: transaction.token,
        parts: { front: anyString },
        workflowExecution: transaction.workflowUrl,
      },
    });
    expect((await upload('FRONT', card.back.bytes, 'PUT')).status).toBe(200); // replace
    expect((await upload('BACK', card.back.bytes, 'PUT')).status).toBe(404); // nothing to replace yet
    expect((await upload('FACE', selfie.bytes)).status).toBe(400); // FACE is not an ID part
    expect((await upload('BACK', new TextEncoder().encode('%PDF-1.4 not an image'))).status).toBe(400);
    expect((await upload('BACK', (await png(300, 200)).bytes)).status).toBe(400); // longest side must be > 300
    expect((await upload('BACK', (await png(8001, 8)).bytes)).status).toBe(400); // > 8000 px
    const huge = new Uint8Array(15 * 1024 * 1024 + 1);
    huge.set([0xff, 0xd8, 0xff]);
    expect((await upload('BACK', huge)).status).toBe(400); // > 15 MB
    expect(
      (
        await upload(
          'BACK',
          card.back.bytes,
          'POST',
          `${transaction.workflowUrl}/credentials/unknown/parts/BACK`,
        )
      ).status,
    ).toBe(404);
    expect((await fetch(`${P}/parts/FRONT`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await fetch(`${P}/parts/FRONT`, { method: 'DELETE', headers: auth })).status).toBe(404);
    expect((await fetch(`${P}/parts`, { method: 'DELETE', headers: auth })).status).toBe(200); // delete all pages
    expect(
      (
        await fetch(`${P}/parts/FRONT`, {
          method: 'DELETE',
          headers: { ...UA, authorization: 'Bearer wrong' },
        })
      ).status,
    ).toBe(401);
    // Through the connector: the rejected image is a recapture, the ids still good.
    expect(await run('part-front', { images: { front: await png(200, 100) } })).toMatchObject({
      kind: 'needs_recapture',
      role: 'front',
      code: 'image_rejected',
    });
  });

  it('prepared data is validated; documents: images or one PDF, at most 30 pages', async () => {
    const flow = providers.flow('jumio.credentials');
    const document = { ...card.front, role: 'document' as const };
    const { run, transaction } = await started(flow, { ...card, selfie, document });
    expect(
      await run('prepared-data', { fields: { preparedData: { firstName: 'Youssef', sex: 'X' } } }),
    ).toMatchObject({ kind: 'needs_operator', code: 'http_400' });
    expect(
      await run('prepared-data', {
        fields: {
          preparedData: { firstName: 'Youssef', sex: 'M', dateOfBirth: '2001-06-21', nationality: 'EGY' },
        },
      }),
    ).toMatchObject({ kind: 'success' });
    expect(await run('document')).toMatchObject({ kind: 'success' });
    expect(await run('document')).toMatchObject({ kind: 'success' }); // repeat: pages deleted first, still one page
    const doc = transaction.credentials.find((c) => c.category === 'DOCUMENT')!;
    expect(
      jumio.state
        .execution(transaction.accountId, transaction.workflowExecutionId)!
        .credentials.find((c) => c.id === doc.id)!.pages,
    ).toHaveLength(1);
    const pdf = `%PDF-1.4\n${Array.from({ length: 31 }, (_, i) => `${i + 1} 0 obj << /Type /Page >> endobj`).join('\n')}`;
    expect(
      await run('document', { images: { document: { ...document, bytes: new TextEncoder().encode(pdf) } } }),
    ).toMatchObject({ kind: 'needs_recapture', role: 'document' });
  });
});

describe('the Jumio connector', () => {
  it('finalizes exactly once; parts after finalize are refused; reconcile reads the status', async () => {
    const flow = providers.flow('jumio.credentials');
    const { run, answers, session: s } = await started(flow);
    const finalize = step(flow, 'finalize');
    expect(await finalize.reconcile!(stepContext({ flow, session: s, answers }))).toBe('not_done');
    for (const key of ['part-front', 'part-back', 'part-face'])
      expect(await run(key)).toMatchObject({ kind: 'success' });
    expect(await run('finalize')).toMatchObject({ kind: 'success' });
    expect(await finalize.reconcile!(stepContext({ flow, session: s, answers }))).toBe('done');
    expect(await run('finalize')).toMatchObject({ kind: 'needs_operator', code: 'http_400' });
    expect(await run('part-front')).toMatchObject({ kind: 'needs_recapture' }); // 400 after finalize
    // ACQUIRED while processing (60 s here): poll again after 40 s, then 60 s, …; give up after ten reads.
    expect(await run('result')).toMatchObject({
      kind: 'processing',
      code: 'processing',
      retryAfterMs: 40_000,
    });
    expect(await run('result', { attempt: 2 })).toMatchObject({ retryAfterMs: 60_000 });
    expect(await run('result', { attempt: 11 })).toMatchObject({
      kind: 'needs_operator',
      code: 'result_timeout',
    });
    expect(
      jumio.ledger
        .entries('part_added')
        .slice(-3)
        .map((e) => e.details.classifier),
    ).toEqual(['FRONT', 'BACK', 'FACE']);
  });

  it('a retake replaces the part with PUT; a PUT with nothing to replace falls back to POST', async () => {
    const flow = providers.flow('jumio.credentials');
    const { run } = await started(flow);
    expect(await run('part-front', { attempt: 2 })).toMatchObject({
      kind: 'success',
      answer: { method: 'PUT' },
    });
    expect(await run('part-front', { attempt: 2 })).toMatchObject({
      kind: 'success',
      answer: { method: 'PUT' },
    });
    const recent = jumio.ledger
      .entries()
      .slice(-2)
      .map((e) => [e.effect, e.details.method]);
    expect(recent).toEqual([
      ['part_added', 'POST'],
      ['part_replaced', 'PUT'],
    ]);
  });

  it('an expired transaction: 401 → needs_operator transaction_expired, status TOKEN_EXPIRED / SESSION_EXPIRED', async () => {
    // The simulator's clock moves only here: the lifetimes end exactly when the test says.
    const clock = manualClock();
    const timing = { transactionTtlMs: 300, inactivityMs: 60_000 };
    await withSimulator({ timing, clock: clock.now }, async (_sim, config) => {
      const flow = providers.flow('jumio.credentials', config);
      const { run } = await started(flow);
      clock.advance(299);
      expect(await run('part-front')).toMatchObject({ kind: 'success' });
      clock.advance(1);
      expect(await run('part-front')).toMatchObject({
        kind: 'needs_operator',
        reason: 'session_expired',
        code: 'transaction_expired',
      });
      expect(await run('result')).toMatchObject({ kind: 'needs_operator', code: 'TOKEN_EXPIRED' });
    });
    await withSimulator({ timing: { inactivityMs: 300 }, clock: clock.now }, async (_sim, config) => {
      const flow = providers.flow('jumio.credentials', config);
      const { run } = await started(flow);
      expect(await run('part-front')).toMatchObject({ kind: 'success' });
      clock.advance(299);
      expect(await run('result')).toMatchObject({ kind: 'processing', message: initiated });
      clock.advance(1);
      expect(await run('result')).toMatchObject({ kind: 'needs_operator', code: 'SESSION_EXPIRED' });
    });
  });

  it('INITIATED and PROCESSED statuses', async () => {
    await withSimulator({ timing: { processingMs: 0 } }, async (_sim, config) => {
      const flow = providers.flow('jumio.credentials', config);
      const { run } = await started(flow);
      expect(await run('result')).toMatchObject({
        kind: 'processing',
        code: 'processing',
        message: initiated,
      });
      for (const key of ['part-front', 'part-back', 'part-face', 'finalize'])
        expect(await run(key)).toMatchObject({ kind: 'success' });
      expect(await run('result')).toEqual({ kind: 'success', answer: { status: 'PROCESSED' } });
    });
  });

  it('account initiation over 1 request/s → retryable with Retry-After; update of an unknown account → needs_operator', async () => {
    const clock = manualClock();
    await withSimulator({ accountRatePerSecond: 1, clock: clock.now }, async (_sim, config) => {
      const flow = providers.flow('jumio.credentials', config);
      const s = await session(flow);
      const start = () =>
        step(flow, 'start-transaction').run(stepContext({ flow, session: s, images: card }));
      expect((await start()).kind).toBe('success');
      expect(await start()).toMatchObject({ kind: 'retryable', code: 'rate_limited', retryAfterMs: 1_000 });
      clock.advance(999);
      expect(await start()).toMatchObject({ kind: 'retryable', code: 'rate_limited' });
      clock.advance(1);
      expect(
        await step(flow, 'start-transaction').run(
          stepContext({ flow, session: s, images: card, fields: { jumioAccountId: 'no-such-account' } }),
        ),
      ).toMatchObject({
        kind: 'needs_operator',
        code: 'not_found',
      });
    });
  });

  it('caches the server token across cases, re-authenticates on 401, refuses bad client credentials as fatal', async () => {
    await withSimulator({}, async (sim, config) => {
      const flow = providers.flow('jumio.credentials', config);
      const first = await session(flow);
      expect((await session(flow)).token).toBe(first.token);
      expect(sim.ledger.count('server_token_issued')).toBe(1);
      expect(
        await step(flow, 'start-transaction').run(
          stepContext({ flow, session: { ...first, token: 'stale' }, images: card }),
        ),
      ).toMatchObject({ kind: 'reauthenticate' });
      const bad = providers.flow('jumio.credentials', {
        jumio: {
          ...config.jumio!,
          start: { mode: 'direct', clientId: 'training-client', clientSecret: 'wrong' },
        },
      });
      expect(await bad.authenticate!(stepContext({ flow: bad }))).toMatchObject({
        kind: 'fatal',
        code: 'invalid_client',
      });
    });
  });

  it("broker mode: starts through the bank's broker without holding the client secret, no status polling", async () => {
    await withSimulator({ brokerKey: 'broker-key' }, async (sim, config) => {
      const brokerConfig = (apiKey: string): ProvidersConfig => ({
        jumio: {
          ...config.jumio!,
          start: { mode: 'broker', url: `${sim.url}/broker/v1/transactions`, apiKey },
        },
      });
      const flow = providers.flow('jumio.credentials', brokerConfig('broker-key'));
      expect('authenticate' in flow).toBe(false);
      expect(flow.steps.map((s) => s.key)).not.toContain('result');
      expect('reconcile' in step(flow, 'finalize')).toBe(false);
      const { run } = await started(flow);
      for (const key of ['part-front', 'part-back', 'part-face', 'finalize'])
        expect(await run(key)).toMatchObject({ kind: 'success' });
      const wrong = providers.flow('jumio.credentials', brokerConfig('nope'));
      expect(
        await step(wrong, 'start-transaction').run(stepContext({ flow: wrong, images: card })),
      ).toMatchObject({ kind: 'fatal', code: 'broker_unauthorized' });
    });
  });

  it('cancel() deletes part by part (DELETE …/parts/{classifier}, seed 004); what is not there answers 404', async () => {
    const flow = providers.flow('jumio.credentials');
    const { run, answers, session: s, transaction } = await started(flow);
    expect(await run('part-front')).toMatchObject({ kind: 'success' });
    expect(await run('part-face')).toMatchObject({ kind: 'success' });
    const mine = (kind: string) =>
      jumio.ledger
        .entries(kind)
        .filter((e) => e.details.workflowExecutionId === transaction.workflowExecutionId);
    expect(await flow.cancel!(stepContext({ flow, session: s, answers }))).toEqual({
      kind: 'success',
      answer: { withdrawn: true },
    });
    // Only what was uploaded existed to delete; the "delete all pages" call is never guessed.
    expect(mine('part_deleted').map((e) => e.details.classifier)).toEqual(['FRONT', 'FACE']);
    expect(mine('all_pages_deleted')).toHaveLength(0);
    const execution = jumio.state.execution(transaction.accountId, transaction.workflowExecutionId)!;
    expect(execution.credentials.every((c) => c.parts.size === 0)).toBe(true);
  });

  it('cancel() with deletions refused (405) → needs_operator withdrawal_refused, "images may remain", never success', async () => {
    await withSimulator({ deletionsAllowed: false }, async (sim, config) => {
      const flow = providers.flow('jumio.credentials', config);
      const { run, answers, session: s, transaction } = await started(flow);
      expect(await run('part-front')).toMatchObject({ kind: 'success' });
      const outcome = await flow.cancel!(stepContext({ flow, session: s, answers }));
      expect(outcome).toMatchObject({ kind: 'needs_operator', reason: 'withdrawal_refused' });
      expect(outcome.kind === 'needs_operator' && outcome.message).toContain(
        'images may remain at the provider',
      );
      expect(outcome.kind === 'needs_operator' && outcome.message).toContain('FRONT (HTTP 405)');
      const execution = sim.state.execution(transaction.accountId, transaction.workflowExecutionId)!;
      expect(execution.credentials.find((c) => c.category === 'ID')!.parts.has('FRONT')).toBe(true);
      expect(sim.ledger.count('deletion_refused')).toBeGreaterThan(0);
    });
  });

  it('cancel(): a 5xx from a deletion is retried later, not reported as withdrawn or refused', async () => {
    const flow = providers.flow('jumio.credentials');
    const { run, answers, session: s } = await started(flow);
    expect(await run('part-front')).toMatchObject({ kind: 'success' });
    jumio.faults.enqueue('http_503', { pathPrefix: '/api/v1/accounts/' });
    expect(await flow.cancel!(stepContext({ flow, session: s, answers }))).toMatchObject({
      kind: 'retryable',
    });
  });

  it('"delete all pages" only at the configured path (deleteAllPagesPath)', async () => {
    await withSimulator({}, async (sim, config) => {
      const flow = providers.flow('jumio.credentials', {
        jumio: { ...config.jumio!, deleteAllPagesPath: 'parts' },
      });
      const { run, answers, session: s, transaction } = await started(flow);
      expect(await run('part-front')).toMatchObject({ kind: 'success' });
      expect(await flow.cancel!(stepContext({ flow, session: s, answers }))).toMatchObject({
        kind: 'success',
      });
      expect(sim.ledger.count('all_pages_deleted')).toBe(transaction.credentials.length);
      expect(sim.ledger.count('part_deleted')).toBe(0);
    });
  });

  it('account create: country/type as { values: [...] } by default; "plain" only when configured; the simulator takes only its shape', async () => {
    // Default on both sides: the object form of Jumio's public docs.
    const flow = providers.flow('jumio.credentials');
    const { transaction } = await started(flow);
    const id = jumio.state.execution(transaction.accountId, transaction.workflowExecutionId)!.credentials[0]!;
    expect({ country: id.country, type: id.type }).toEqual({ country: 'EGY', type: 'ID_CARD' });
    await withSimulator({ credentialShape: 'plain' }, async (_sim, config) => {
      // A kiosk on the default shape against a tenant that takes plain strings: refused, 400.
      const mismatched = providers.flow('jumio.credentials', config);
      const s = await session(mismatched);
      const refused = await step(mismatched, 'start-transaction').run(
        stepContext({ flow: mismatched, session: s, images: card }),
      );
      expect(refused).toMatchObject({ kind: 'needs_operator', code: 'http_400' });
      expect(refused.kind === 'needs_operator' && refused.message).toContain('country must be a string');
      // Configured to match: started.
      const plain = providers.flow('jumio.credentials', {
        jumio: { ...config.jumio!, credentialShape: 'plain' },
      });
      await started(plain);
    });
    await withSimulator({}, async (sim, config) => {
      const plain = providers.flow('jumio.credentials', {
        jumio: { ...config.jumio!, credentialShape: 'plain' },
      });
      const s = await session(plain);
      expect(
        await step(plain, 'start-transaction').run(stepContext({ flow: plain, session: s, images: card })),
      ).toMatchObject({ kind: 'needs_operator', code: 'http_400' });
      expect(sim.state.accounts.size).toBe(0);
    });
  });

  it('declares the flow truthfully', () => {
    const flow = providers.flow('jumio.credentials');
    const idempotent = Object.fromEntries(
      flow.steps.filter((s) => s.kind === 'remote').map((s) => [s.key, s.idempotent]),
    );
    expect(idempotent).toEqual({
      'start-transaction': false,
      'prepared-data': true,
      'part-front': true,
      'part-back': true,
      'part-face': true,
      document: true,
      finalize: false,
      result: true,
    });
    expect(flow.deadlineMs).toBe(30 * 60_000);
  });
});
