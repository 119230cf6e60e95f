import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');
const exampleKey = /PATCHBAY_MASTER_KEY=(\S+=)/.exec(readme)![1]!;
const exampleToken = /PATCHBAY_ADMIN_TOKEN=(pb_\S+)/.exec(readme)![1]!;

describe('settings', () => {
  it('refuse the example secrets the README publishes', () => {
    expect(() => loadConfig({ PATCHBAY_MASTER_KEY: exampleKey })).toThrow(/example value from the README/);
    expect(() => loadConfig({ PATCHBAY_ADMIN_TOKEN: exampleToken })).toThrow(/example value from the README/);
  });

  it('refuse bad values with a message that says what to do', () => {
    expect(() => loadConfig({ PATCHBAY_DATABASE_URL: 'postgres://db/x' })).toThrow(
      /PATCHBAY_MASTER_KEY is required/,
    );
    expect(() => loadConfig({ PATCHBAY_DATABASE_URL: 'mysql://db/x' })).toThrow(/postgres:\/\//);
    expect(() => loadConfig({ PATCHBAY_ADMIN_TOKEN: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ PATCHBAY_PORT: '70000' })).toThrow(/PATCHBAY_PORT must be a whole number/);
    expect(() => loadConfig({ PATCHBAY_LOG_LEVEL: 'loud' })).toThrow(/not a pino level/);
  });

  it('take the documented defaults', () => {
    const config = loadConfig({ PATCHBAY_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 7300, logLevel: 'info', rateLimitPerMinute: 0 });
    expect(config.dataDir.endsWith('.patchbay')).toBe(true);
    expect(config.providers.gcpTokenUrl).toBe('https://oauth2.googleapis.com/token');
  });
});
