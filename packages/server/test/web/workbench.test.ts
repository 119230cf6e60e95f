/**
 * The workbench in a real Chromium against a real server: sign-in, create (form and YAML), edit,
 * validate, try it (resolve + connect), the cloud lifecycle against the provider test servers,
 * blank-keeps on credentials, delete with confirmation, and a planted canary secret that must never
 * reach the DOM or any response the page receives.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { type AtlasFake, startAtlasFake } from '../fakes/mongodb-atlas-fake.js';
import { startVaultFake, type VaultFake } from '../fakes/vault-fake.js';
import {
  chromiumAvailable,
  type EchoServer,
  ensureWebBuilt,
  launchChromium,
  type RunningServer,
  SCREENSHOTS,
  startEchoServer,
  startServer,
} from './workbench-fixture.js';

const CANARY = `canary-${randomBytes(12).toString('hex')}`;
const AWS_KEY_ID = 'AKIAPATCHBAYWEB00001';
const AWS_BASE_SECRET = `aws-base-${randomBytes(8).toString('hex')}`;
const SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-access';
const ATLAS_PROJECT = '5f1a2b3c4d5e6f7a8b9c0d1e';
const ATLAS_PUBLIC = 'abcdefgh';

if (!chromiumAvailable() && !process.env.CI) {
  console.warn(
    '\n⚠️  /usr/bin/chromium is missing: SKIPPING the workbench browser tests (set CI=1 to make this an error)\n',
  );
}

describe.skipIf(!chromiumAvailable() && !process.env.CI)('workbench in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let echo: EchoServer;
  let aws: AwsFake;
  let atlas: AtlasFake;
  let vault: VaultFake;
  const awsRoles: Record<string, { trustedPrincipals: string[]; externalId?: string }> = {};
  const bodies: Promise<string>[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: false });

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Only the environment chain may give the server AWS credentials: no profile files, no metadata.
    vi.stubEnv('AWS_ACCESS_KEY_ID', AWS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', AWS_BASE_SECRET);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/patchbay-credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/patchbay-config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    echo = await startEchoServer();
    aws = await startAwsFake({
      identities: { [AWS_KEY_ID]: { secretAccessKey: AWS_BASE_SECRET, arn: SERVER_ARN } },
      roles: awsRoles,
    });
    atlas = await startAtlasFake({
      apiKeys: { [ATLAS_PUBLIC]: CANARY },
      groups: { [ATLAS_PROJECT]: { name: 'web-test', orgId: 'org-4242' } },
    });
    vault = await startVaultFake();
    vault.putSecret('secret/echo', { username: 'vault-user', password: CANARY });
    server = await startServer({
      PATCHBAY_AWS_STS_ENDPOINT: aws.url,
      PATCHBAY_AWS_PRINCIPAL_ARN: SERVER_ARN,
      PATCHBAY_ATLAS_API_URL: atlas.url,
      PATCHBAY_AURA_API_URL: 'http://127.0.0.1:9',
      PATCHBAY_GCP_TOKEN_URL: 'http://127.0.0.1:9/token',
      PATCHBAY_GCP_API_URL: 'http://127.0.0.1:9',
    });
    const launched = await launchChromium();
    if (!launched) throw new Error('chromium disappeared between the check and the launch');
    browser = launched;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    context.on('response', (response) => {
      bodies.push(response.text().catch(() => ''));
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([echo?.close(), aws?.close(), atlas?.close(), vault?.close()]);
    vi.unstubAllEnvs();
  });

  const field = (name: string) => page.locator(`[name="${name}"]`);
  const statusBadge = () => page.locator('h1 .badge');
  const openNew = async (typeTitle: string) => {
    await page.goto('/connections/new');
    await page.getByRole('button', { name: new RegExp(typeTitle) }).click();
  };

  it('signs in with a token using the keyboard; the token stays in the HttpOnly cookie only', async () => {
    await page.goto('/');
    // The page asks GET /v1/session first and shows the sign-in form on its 401: wait for it.
    await page.getByRole('heading', { name: 'Sign in to the workbench' }).waitFor();
    await page.getByLabel('API token').focus();
    await page.keyboard.type(server.token);
    await page.keyboard.press('Enter');
    await page.getByTestId('workspace-name').filter({ hasText: 'default' }).waitFor();
    expect(await page.getByTestId('role').textContent()).toBe('admin');
    // Page-side expressions as strings: this suite type-checks without the DOM library.
    const storage = await page.evaluate<{ cookie: string; local: string; session: string }>(
      '({ cookie: document.cookie, local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) })',
    );
    expect(storage.cookie).toContain('pb_csrf=');
    expect(storage.cookie).not.toContain('pb_session');
    expect(JSON.stringify(storage)).not.toContain(server.token);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'pb_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
  });

  it('shows an empty state that says what to do', async () => {
    await page.goto('/connections');
    await page.getByText('No connections yet').waitFor();
    await expect(
      page.getByRole('main').getByRole('button', { name: 'Add connection' }).count(),
    ).resolves.toBeGreaterThan(0);
    // the cloud page and the task picker name the cloud types the server serves, by their short names
    const clouds = (
      (await server.api('GET', '/v1/types')).body as { items: { kind: string; short_name: string }[] }
    ).items
      .filter((t) => t.kind === 'cloud')
      .map((t) => t.short_name);
    expect(clouds).toContain('Atlas');
    const phrase = `${clouds.slice(0, -1).join(', ')} or ${clouds.at(-1)}`;
    await page.goto('/cloud');
    await page.getByText('No cloud connections yet').waitFor();
    await page.getByText(`Link a cloud account (${phrase}):`).waitFor();
    await page.goto('/connections/new');
    await page.getByText(`Linking a cloud account (${phrase})?`).waitFor();
  });

  it('creates a git connection from the generated form; the secret shows only as "set"', async () => {
    await openNew('Git repository');
    await page.getByLabel('Tag').fill('library');
    await page.getByLabel('Display name').fill('Library repo');
    await page.getByLabel('Description').fill('The shared library, read by flows');
    await field('repository_url').fill('http://127.0.0.1:9/library.git');
    await field('ref').fill('main');
    await expect(field('ref').getAttribute('placeholder')).resolves.toBe('default: develop');
    await expect(field('command').evaluate((el) => el.tagName)).resolves.toBe('SELECT');
    await expect(field('password').getAttribute('type')).resolves.toBe('password');
    await expect(field('repository_url').getAttribute('aria-required')).resolves.toBe('true');
    await shot('add-connection.png');
    await field('password').fill(CANARY);
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.waitForURL('**/connections/library');
    await statusBadge().filter({ hasText: 'unverified' }).waitFor();
    const inputs = page.getByTestId('inputs-table');
    await expect(inputs.locator('tr', { hasText: 'password' }).textContent()).resolves.toContain('set');
    await expect(inputs.locator('tr', { hasText: 'ssh_key' }).textContent()).resolves.toContain('not set');
    await expect(inputs.locator('tr', { hasText: 'ref' }).textContent()).resolves.toContain('main');
    expect(await page.content()).not.toContain(CANARY);
  });

  it('creates a git connection from YAML', async () => {
    await openNew('Git repository');
    await page.getByLabel('Tag').fill('library-yaml');
    await page.getByRole('button', { name: 'YAML', exact: true }).click();
    await page
      .getByLabel('Inputs as YAML')
      .fill(
        `value:\n  repository_url: https://git.example.com/team/lib.git\n  ref: v2\n  command: get\nsecrets:\n  password: ${CANARY}\n`,
      );
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.waitForURL('**/connections/library-yaml');
    const inputs = page.getByTestId('inputs-table');
    await expect(inputs.locator('tr', { hasText: 'command' }).textContent()).resolves.toContain('get');
    await expect(inputs.locator('tr', { hasText: 'password' }).textContent()).resolves.toContain('set');
  });

  it('edits details (with If-Match) and inputs from Settings', async () => {
    await page.goto('/connections/library/settings');
    await page.getByRole('form', { name: 'Details' }).getByLabel('Display name').fill('Library (main)');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('heading', { name: /Library \(main\)/ }).waitFor();
    const credentials = page.getByRole('form', { name: 'Credentials' });
    await expect(credentials.textContent()).resolves.toContain('Leave blank to keep the stored secret');
    await credentials.locator('[name="ref"]').fill('release');
    await credentials.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved. The connection is now unverified').waitFor();
    const stored = await server.api('GET', '/v1/connections/library');
    expect(stored.body).toMatchObject({
      display_name: 'Library (main)',
      value: { ref: 'release' },
      secret_fields: ['password'],
    });
  });

  it('validates against an unreachable repository and shows the failing check', async () => {
    await page.goto('/connections/library');
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    const result = page.getByTestId('validation-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.textContent()).resolves.toContain('Validation failed');
    await expect(result.locator('.check-failed').count()).resolves.toBeGreaterThan(0);
    await statusBadge().filter({ hasText: 'error' }).waitFor();
    // after a reload the overview still shows what the last validation checked
    await page.reload();
    const last = page.getByTestId('last-checks');
    await last.waitFor();
    await expect(last.locator('.check-failed').count()).resolves.toBeGreaterThan(0);
  });

  it('pages through 10,000-scale lists with the cursor, one page at a time, and filters', async () => {
    for (let i = 0; i < 55; i++) {
      const tag = `bulk-${String(i).padStart(3, '0')}`;
      expect(
        (await server.api('POST', '/v1/connections', { tag, type: 'generic', value: { n: i } })).status,
      ).toBe(201);
    }
    const listCalls: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().includes('/v1/connections?')) listCalls.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto('/connections?q=bulk');
    await page.getByText('Page 1 · 50 shown').waitFor();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText('Page 2 · 5 shown').waitFor();
    await expect(page.getByRole('button', { name: 'Next →' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByText('Page 1 · 50 shown').waitFor();
    page.off('request', onRequest);
    expect(listCalls.every((u) => /limit=50/.test(u))).toBe(true);
    expect(listCalls.some((u) => /cursor=/.test(u))).toBe(true);

    await page.goto('/connections?status=error');
    await page.getByRole('link', { name: /Library \(main\)/ }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    for (let i = 0; i < 55; i++)
      await server.api('DELETE', `/v1/connections/bulk-${String(i).padStart(3, '0')}`);
  });

  it('tries an http connection: resolve preview masks the secret, connect with an override shows the output', async () => {
    await openNew('HTTP request');
    await page.getByLabel('Tag').fill('echo-api');
    await page.getByLabel('Description').fill('Loopback echo service');
    await field('url').fill(`${echo.url}/hello`);
    await field('bearer_token').fill(CANARY);
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.waitForURL('**/connections/echo-api');
    await page.getByRole('link', { name: 'Try it' }).click();
    await page.getByLabel('Override 1 input').fill('params');
    await page.getByLabel('Override 1 value').fill('{"who": "patchbay"}');
    await page.getByRole('button', { name: 'Preview resolve' }).click();
    const resolution = page.getByTestId('resolution');
    await resolution.waitFor();
    await expect(resolution.locator('tr', { hasText: 'bearer_token' }).textContent()).resolves.toContain(
      '********',
    );
    await expect(resolution.locator('tr', { hasText: 'bearer_token' }).textContent()).resolves.toContain(
      'secret',
    );
    await expect(resolution.locator('tr', { hasText: 'params' }).textContent()).resolves.toContain(
      'override',
    );
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const execution = page.getByTestId('execution-result');
    await execution.waitFor({ timeout: 30_000 });
    const text = await execution.textContent();
    expect(text).toContain('"who": "patchbay"');
    expect(text).toContain('hello from echo');
    await expect(page.locator('.card-head .badge').filter({ hasText: 'succeeded' }).count()).resolves.toBe(1);
    expect(echo.authorizations.at(-1)).toBe(`Bearer ${CANARY}`);
    await shot('try-it.png');
  });

  it('runs the aws lifecycle: pending → Setup tab (external id, trust policy) → complete → validate → active', async () => {
    await page.goto('/cloud/new');
    await page.getByRole('button', { name: /Amazon Web Services/ }).click();
    await page.getByLabel('Name').fill('Prod AWS');
    await expect(page.getByTestId('tag-preview').textContent()).resolves.toBe('prod_aws');
    const scopeBoxes = page.locator('fieldset.scopes input[type="checkbox"]');
    await expect(
      scopeBoxes.evaluateAll((boxes) => boxes.every((b) => (b as unknown as { checked: boolean }).checked)),
    ).resolves.toBe(true);
    await page.getByRole('button', { name: 'Create and continue to setup' }).click();
    await page.waitForURL('**/connections/prod_aws/setup');
    await statusBadge().filter({ hasText: 'pending' }).waitFor();
    const externalId = (await page.getByTestId('external-id').textContent()) ?? '';
    expect(externalId).toMatch(/^pb-[0-9a-f]{32}$/);
    await expect(page.locator('.codeblock pre').textContent()).resolves.toContain(SERVER_ARN);
    await expect(page.getByRole('button', { name: 'Copy external ID' }).count()).resolves.toBe(1);
    await shot('cloud-setup.png');

    // a user who comes back to it (the list, a link) lands on what it needs next, not on the overview
    await page.goto('/connections/prod_aws');
    await expect(page.getByTestId('external-id').textContent()).resolves.toBe(externalId);
    await expect(page.locator('.tabs [aria-current="page"]').textContent()).resolves.toBe('Setup');
    await expect(page.locator('.codeblock').getByRole('button', { name: 'Copy' }).count()).resolves.toBe(1);
    await expect(page.locator('.page-title .muted').textContent()).resolves.toContain('Amazon Web Services');
    // the steps are the descriptor's, rendered from their limited markup and nothing more
    const steps = page.locator('ol.steps > li');
    await expect(steps.count()).resolves.toBe(4);
    await expect(steps.first().locator('strong').first().textContent()).resolves.toBe(
      'IAM → Roles → Create role',
    );
    await expect(steps.nth(2).locator('code').first().textContent()).resolves.toBe(
      'arn:aws:iam::<account>:role/<name>',
    );
    await expect(
      page.locator('ol.steps > li *').evaluateAll((els) => els.map((el) => el.tagName.toLowerCase())),
    ).resolves.toEqual(expect.arrayContaining(['strong', 'code']));
    await expect(
      page
        .locator('ol.steps > li *')
        .evaluateAll((els) => els.every((el) => ['strong', 'em', 'code'].includes(el.tagName.toLowerCase()))),
    ).resolves.toBe(true);
    await shot('cloud-pending-landing.png');

    awsRoles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId };
    await field('role_arn').fill(ROLE_ARN);
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await statusBadge().filter({ hasText: 'unverified' }).waitFor();
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    const result = page.getByTestId('validation-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.textContent()).resolves.toContain('Validation passed');
    await expect(result.textContent()).resolves.toContain('444455556666');
    await statusBadge().filter({ hasText: 'active' }).waitFor();
  });

  it('completes an Atlas connection, and a blank secret on the credentials form keeps the stored one', async () => {
    await page.goto('/cloud/new?type=mongodb_atlas');
    await page.getByLabel('Name').fill('analytics_atlas');
    await expect(page.locator('fieldset.scopes input:checked').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Create and continue to setup' }).click();
    await page.waitForURL('**/connections/analytics_atlas/setup');
    await field('project_id').fill(ATLAS_PROJECT);
    await field('atlas_public_key').fill(ATLAS_PUBLIC);
    await field('atlas_private_key').fill(CANARY);
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await statusBadge().filter({ hasText: 'unverified' }).waitFor();
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    await statusBadge().filter({ hasText: 'active' }).waitFor({ timeout: 30_000 });

    await page.goto('/connections/analytics_atlas/settings');
    const credentials = page.getByRole('form', { name: 'Credentials' });
    const secret = credentials.locator('[name="atlas_private_key"]');
    await expect(secret.inputValue()).resolves.toBe('');
    const secretField = credentials.locator('.field', { has: page.locator('[name="atlas_private_key"]') });
    await expect(secretField.textContent()).resolves.toMatch(/set.*Leave blank to keep the stored secret/s);
    await credentials.locator('[name="atlas_public_key"]').fill(ATLAS_PUBLIC);
    await credentials.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved. The connection is now unverified').waitFor();
    atlas.received.length = 0;
    await page.getByRole('button', { name: 'Re-validate' }).click();
    await statusBadge().filter({ hasText: 'active' }).waitFor({ timeout: 30_000 });
    expect(atlas.received.some((r) => r.username === ATLAS_PUBLIC && r.digestValid)).toBe(true);
  });

  it('configures Vault (token write-only), checks it, attaches a secret and resolves from it, then detaches', async () => {
    await page.goto('/settings/vault');
    await page.getByText('Vault is not configured for this workspace yet').waitFor();
    await page.getByLabel('Address').fill(vault.address);
    await page.getByLabel(/^Token/).fill(vault.rootToken);
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByText('Saved. Run Check').waitFor();
    await expect(page.getByLabel(/^Token/).inputValue()).resolves.toBe('');
    await page.locator('label', { hasText: 'Token' }).getByText('set', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.locator('.check-ok', { hasText: 'authenticated' }).waitFor();

    await page.goto('/connections/echo-api/settings');
    await page.getByLabel('Secret path').fill('secret/echo');
    await page.getByRole('button', { name: 'Attach Vault secret' }).click();
    await expect(page.getByTestId('vault-path').textContent()).resolves.toBe('secret/echo');
    await page.getByRole('link', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Preview resolve' }).click();
    const username = page.getByTestId('resolution').locator('tr', { hasText: 'username' });
    // Values drawn from Vault are masked like stored secrets; the source names the path, key and version.
    await expect(username.textContent()).resolves.toMatch(/\*{8}vault:secret\/echo#username@1/);
    await expect(
      page.getByTestId('resolution').locator('tr', { hasText: 'password' }).textContent(),
    ).resolves.toContain('********');
    await page.getByRole('link', { name: 'Settings' }).last().click();
    await page.getByRole('button', { name: 'Detach' }).click();
    await page.getByTestId('vault-path').waitFor({ state: 'detached' });

    // an optional version pins that KV v2 version
    await page.getByLabel('Secret path').fill('secret/echo');
    await page.getByLabel('Version (optional)').fill('1');
    await page.getByRole('button', { name: 'Attach Vault secret' }).click();
    await expect(page.getByTestId('vault-version').textContent()).resolves.toBe(' (version 1)');
    await page.getByRole('button', { name: 'Detach' }).click();
    await page.getByTestId('vault-path').waitFor({ state: 'detached' });
  });

  it('lists executions with a tag filter and opens one', async () => {
    await page.goto('/executions');
    await page.locator('tbody tr').first().waitFor();
    await page.getByLabel('Connection tag').fill('echo-api');
    await page.waitForURL('**/executions?tag=echo-api');
    await page.locator('tbody tr', { hasText: 'echo-api' }).first().waitFor();
    await shot('executions.png');
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { name: /Execution of/ }).waitFor();
    await expect(page.getByTestId('execution-result').textContent()).resolves.toContain('hello from echo');
  });

  it('shows the audit log with the chain verification', async () => {
    await page.goto('/audit');
    await page.getByTestId('audit-verify').getByText('Chain intact').waitFor();
    await page.locator('tbody tr').first().waitFor();
    await expect(page.locator('tbody').textContent()).resolves.toContain('connection.create');
    await shot('audit.png');
  });

  it('creates a token (secret shown once, with a warning) and revokes it', async () => {
    await page.goto('/settings/tokens');
    await page.getByLabel('Name').fill('ci-pipeline');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByTestId('new-token').textContent()).resolves.toMatch(/^pb_/);
    await expect(page.getByText('it is shown only once').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('button', { name: 'Revoke ci-pipeline' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.locator('tr', { hasText: 'ci-pipeline' }).getByText('revoked').waitFor();
  });

  it('deletes only after the tag is typed, and shows the 409 when components are linked', async () => {
    await page.goto('/connections/library-yaml');
    const deleteButton = page.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.click();
    const dialog = page.getByRole('dialog');
    // Focus moves into the dialog, Escape closes it, and focus returns to the button that opened it.
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('delete-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(
      deleteButton.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
    ).resolves.toBe(true);
    await deleteButton.click();
    const confirm = dialog.getByRole('button', { name: 'Delete connection' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/to confirm/).fill('library-yaml');
    await confirm.click();
    await page.waitForURL('**/connections');
    expect((await server.api('GET', '/v1/connections/library-yaml')).status).toBe(404);

    const link = await server.api('POST', '/v1/components', {
      name: 'uploads',
      kind: 'storage',
      cloud: 'prod_aws',
    });
    expect(link.status).toBe(201);
    await page.goto('/connections/prod_aws');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByLabel(/to confirm/).fill('prod_aws');
    await dialog.getByRole('button', { name: 'Delete connection' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'linked component' }).waitFor();
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain('connection_in_use');
    await dialog.getByLabel(/force/).check();
    await dialog.getByRole('button', { name: 'Unlink and delete' }).click();
    await page.waitForURL('**/cloud');
    expect((await server.api('GET', '/v1/connections/prod_aws')).status).toBe(404);
  });

  it('is readable at 1280 px and collapses the sidebar into a top bar at 390 px', async () => {
    await page.goto('/connections');
    await page.locator('tbody tr').first().waitFor();
    await shot('connections-list.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/connections');
    await page.locator('tbody tr').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(overflow).toBeLessThanOrEqual(390);
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
    await shot('narrow-390.png');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cloud' }).click();
    await page.waitForURL('**/cloud');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('never lets the planted canary secret reach the DOM, any response body or the server log', async () => {
    for (const path of [
      '/connections/library',
      '/connections/echo-api/settings',
      '/connections/analytics_atlas',
      '/executions',
    ]) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      for (const frame of page.frames()) expect(await frame.content()).not.toContain(CANARY);
    }
    const texts = await Promise.all(bodies);
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((t) => t.includes(CANARY))).toEqual([]);
    expect(server.logs.length).toBeGreaterThan(0);
    expect(server.logs.filter((line) => line.includes(CANARY))).toEqual([]);
  });

  it('signs out: the session cookie is gone and the sign-in page shows', async () => {
    await page.goto('/connections');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the workbench' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'pb_session')).toBeUndefined();
    const status = await page.evaluate(async () => (await fetch('/v1/session')).status);
    expect(status).toBe(401);
  });
});
