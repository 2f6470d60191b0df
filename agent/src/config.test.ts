import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { modelFromConfig } from './model/select-model';

describe('loadConfig', () => {
  it('derives the JWKS URL and issuer from SYNC_API_URL', () => {
    const config = loadConfig({ SYNC_API_URL: 'http://127.0.0.1:9000/' });
    expect(config.SYNC_API_URL).toBe('http://127.0.0.1:9000');
    expect(config.JWKS_URL).toBe('http://127.0.0.1:9000/api/auth/jwks');
    expect(config.JWT_ISSUER).toBe('http://127.0.0.1:9000');
    expect(config.JWT_AUDIENCE).toBe('fehrist-api');
    expect(config.DAPR_STATE_STORE).toBe('statestore');
    expect(config.PORT).toBe(8090);
  });

  it('keeps explicit values', () => {
    const config = loadConfig({
      JWKS_URL: 'http://127.0.0.1:9000/keys',
      JWT_ISSUER: 'https://fehrist.example',
      DAPR_HTTP_PORT: '3500',
      OPENAI_API_KEY: ' ',
    });
    expect(config.JWKS_URL).toBe('http://127.0.0.1:9000/keys');
    expect(config.JWT_ISSUER).toBe('https://fehrist.example');
    expect(config.DAPR_HTTP_PORT).toBe(3500);
    // A blank key counts as no key, so the offline model is used.
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it('names every bad variable in one error', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', SYNC_API_URL: 'ftp://x', DATABASE_URL: 'nope' }),
    ).toThrow(/PORT[\s\S]*SYNC_API_URL[\s\S]*DATABASE_URL/);
  });
});

describe('modelFromConfig', () => {
  it.each([
    [{ OPENAI_MODEL: 'm' }, 'offline'],
    [{ OPENAI_MODEL: 'm', OPENAI_API_KEY: 'sk-test' }, 'openai'],
    [{ OPENAI_MODEL: 'm', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }, 'openai-compatible'],
  ] as const)('chooses the model for %j', (settings, kind) => {
    expect(modelFromConfig(settings).kind).toBe(kind);
  });
});
