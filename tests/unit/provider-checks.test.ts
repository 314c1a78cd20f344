// The providers part of the settings screen, pure: transport error codes as the operator is told
// them, replaced secrets laid over the configuration (and only where the provider has that field),
// and the list that names secret fields without their values.
import { describe, expect, it } from 'vitest';
import {
  failureOf,
  isSecretName,
  providerEntries,
  withReplacedSecrets,
} from '../../src/main/admin/provider-checks';
import { providersConfigSchema } from '../../src/main/providers/config';

const config = providersConfigSchema.parse({
  lumin: {
    baseUrl: 'https://ekyc.bank.example/Onboarding/',
    tenantId: 't',
    tenantSecret: { encrypted: 'old' },
  },
  argos: { apiKey: 'plain-key', admin: 'kyc@bank.example' },
  jumio: { start: { mode: 'direct', clientId: 'c', clientSecret: { encrypted: 'old-jumio' } } },
});

describe('provider checks', () => {
  it('maps Node and undici error codes to what the operator can act on', () => {
    expect(failureOf('ENOTFOUND')).toBe('dns');
    expect(failureOf('EAI_AGAIN')).toBe('dns');
    expect(failureOf('ECONNREFUSED')).toBe('refused');
    expect(failureOf('UND_ERR_CONNECT_TIMEOUT')).toBe('timeout');
    expect(failureOf('ERR_SSL_WRONG_VERSION_NUMBER')).toBe('tls');
    expect(failureOf('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('tls');
    expect(failureOf('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('tls');
    expect(failureOf('ECONNRESET')).toBe('network');
  });

  it('lays replaced secrets over the configuration as sealed values, leaving the rest', () => {
    const replaced = {
      lumin: { tenantSecret: 'new' },
      jumio: { 'start.clientSecret': 'new-jumio' },
      argos: { admin: 'x' },
    };
    const merged = withReplacedSecrets(config, replaced);
    expect(merged.lumin?.tenantSecret).toEqual({ encrypted: 'new' });
    expect(merged.jumio?.start).toMatchObject({ mode: 'direct', clientSecret: { encrypted: 'new-jumio' } });
    expect(merged.argos).toEqual(config.argos);
    expect(config.lumin?.tenantSecret).toEqual({ encrypted: 'old' }); // the configuration is not changed
  });

  it('lists the providers with their secret fields by name only', () => {
    const entries = providerEntries(config, { lumin: { tenantSecret: 'sealed' } });
    expect(entries).toEqual([
      {
        provider: 'lumin',
        url: 'https://ekyc.bank.example/Onboarding/',
        timeoutMs: 60_000,
        secrets: ['tenantSecret'],
        replaced: ['tenantSecret'],
      },
      {
        provider: 'argos',
        url: 'https://rest-api.argosidentity.com/v3/',
        timeoutMs: 60_000,
        secrets: ['apiKey'],
        replaced: [],
      },
      {
        provider: 'jumio',
        url: 'https://api.emea-1.jumio.ai/',
        timeoutMs: 60_000,
        secrets: ['start.clientSecret'],
        replaced: [],
      },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/plain-key|old/);
    expect(isSecretName(config, 'argos', 'admin')).toBe(false);
    expect(isSecretName(config, 'jumio', 'start.apiKey')).toBe(false);
  });
});
