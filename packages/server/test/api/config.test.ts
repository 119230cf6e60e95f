import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
    expect(config.typeSettings.get('gcp')).toEqual({
      tokenUrl: 'https://oauth2.googleapis.com/token',
      apiUrl: 'https://cloudresourcemanager.googleapis.com',
    });
  });

  it("read each type's declared settings into that type's own record", () => {
    const config = loadConfig({
      PATCHBAY_ATLAS_API_URL: 'http://127.0.0.1:4010',
      PATCHBAY_AURA_API_URL: 'http://127.0.0.1:4020/',
      PATCHBAY_GCP_API_URL: '',
    });
    // both declare `apiUrl`: each sees its own value, never the other's
    expect(config.typeSettings.get('mongodb_atlas')).toEqual({ apiUrl: 'http://127.0.0.1:4010' });
    expect(config.typeSettings.get('neo4j_aura')).toEqual({ apiUrl: 'http://127.0.0.1:4020/' });
    expect(config.typeSettings.get('gcp')?.apiUrl).toBe('https://cloudresourcemanager.googleapis.com');
    expect(config.typeSettings.get('aws')).toEqual({ stsEndpoint: '', principalArn: '' });
    expect(config.typeSettings.get('postgres')).toEqual({});
    expect([...config.typeSettings.keys()]).toContain('redis');
  });

  it('refuse a URL setting that is not an http(s) URL, naming the variable and what to do', () => {
    for (const [name, value] of [
      ['PATCHBAY_GCP_TOKEN_URL', 'oauth2.googleapis.com/token'],
      ['PATCHBAY_AZURE_AUTHORITY_URL', 'ftp://login.example.com'],
      ['PATCHBAY_AWS_STS_ENDPOINT', 'not a url'],
      ['PATCHBAY_AURA_API_URL', 'javascript:alert(1)'],
    ] as const) {
      const load = () => loadConfig({ [name]: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`${name} must be an absolute http(s) URL`);
      expect(load).toThrow(/fix it, or unset it for the default/);
    }
  });

  it("refuse a value a type's own check rejects, naming the variable", () => {
    for (const bad of [
      'arn:aws:sts::111122223333:assumed-role/x/y',
      'patchbay-server',
      'arn:aws:iam::1:role/x',
    ]) {
      const load = () => loadConfig({ PATCHBAY_AWS_PRINCIPAL_ARN: bad });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        `PATCHBAY_AWS_PRINCIPAL_ARN: '${bad}' is not an IAM role, user or account root ARN`,
      );
    }
    for (const arn of [
      'arn:aws:iam::999988887777:role/ops/patchbay-server',
      'arn:aws:iam::999988887777:root',
    ]) {
      expect(loadConfig({ PATCHBAY_AWS_PRINCIPAL_ARN: arn }).typeSettings.get('aws')?.principalArn).toBe(arn);
    }
  });
});
