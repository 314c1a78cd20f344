// Issue 12: with only the documented baseUrl (…/Onboarding/) configured, the update calls must go
// to the host root (/api/v1/update/…, where the docs and seeds place them), not under /Onboarding/.
import { describe, expect, it } from 'vitest';
import { luminConfigSchema } from '../../../src/main/providers/config';

const base = { tenantId: 't', tenantSecret: 's' };

describe('Lumin updateBaseUrl', () => {
  it('defaults to the root of the baseUrl host', () => {
    const config = luminConfigSchema.parse({ ...base, baseUrl: 'https://ekyc.bank.example/Onboarding/' });
    expect(config.updateBaseUrl).toBe('https://ekyc.bank.example/');
    expect(new URL('api/v1/update/UpdateRequest/VerifyPassword', config.updateBaseUrl).pathname).toBe(
      '/api/v1/update/UpdateRequest/VerifyPassword',
    );
  });

  it('keeps an explicit value', () => {
    const config = luminConfigSchema.parse({
      ...base,
      baseUrl: 'https://ekyc.bank.example/Onboarding/',
      updateBaseUrl: 'https://update.bank.example/lumin',
    });
    expect(config.updateBaseUrl).toBe('https://update.bank.example/lumin/');
  });
});
