/**
 * The imap task type against a real Dovecot (test/support/dovecot.ts, installed by
 * scripts/prepare.d/30-task-servers.sh): IMAPS with a test CA, a passwd-file user and seeded maildirs.
 * Successes run in a child process trusting the CA (NODE_EXTRA_CA_CERTS); failures here: untrusted
 * certificate, wrong password, unknown mailbox, a bad search key, egress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure, type ValidationOutcome } from '../../src/domain/type-descriptor.js';
import { imapType } from '../../src/types/imap/imap-type.js';
import { DOVECOT, type Dovecot, STRADDLE_KEPT, startDovecot } from '../support/dovecot.js';
import { runTrusting, type TrustedRun } from '../support/run-trusting.js';
import { requireBinaries } from '../support/task-servers.js';
import { runExecute, runValidate, type TypeContextOverrides, withDefaults } from '../support/type-context.js';

const CANARY = 'canary-imap-3b7e1f20';
const problem = requireBinaries('imap task type', [DOVECOT]);

let imap: Dovecot;
const base = (extra: JsonObject = {}): JsonObject =>
  withDefaults(imapType, {
    host: 'localhost',
    port: imap.port,
    username: imap.user,
    password: CANARY,
    ...extra,
  });
const validate = (extra: JsonObject, o: TypeContextOverrides = {}) => runValidate(imapType, base(extra), o);
const execute = (extra: JsonObject, o: TypeContextOverrides = {}) => runExecute(imapType, base(extra), o);

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as Error).message).not.toContain(CANARY);
  return error as TaskFailure;
}

interface Messages {
  messages: { uid: number; from: string[]; subject: string; text: string; date: string }[];
}

describe.skipIf(problem !== undefined)('imap task type', () => {
  let trusted: TrustedRun[];
  beforeAll(async () => {
    imap = await startDovecot(CANARY);
    trusted = await runTrusting(imap.pki.caCert, [
      { type: 'imap', method: 'validate', inputs: base() },
      { type: 'imap', method: 'execute', inputs: base() },
      { type: 'imap', method: 'execute', inputs: base() },
      { type: 'imap', method: 'execute', inputs: base({ search: ['ALL'], max_messages: 2 }) },
      { type: 'imap', method: 'execute', inputs: base({ search: ['FROM', 'alan@example.org'] }) },
      { type: 'imap', method: 'execute', inputs: base({ mailbox: 'Archive', search: ['SEEN'] }) },
      { type: 'imap', method: 'validate', inputs: base({ password: 'wrong-password' }) },
      { type: 'imap', method: 'validate', inputs: base({ mailbox: 'Nope' }) },
      { type: 'imap', method: 'execute', inputs: base({ mailbox: 'Big', search: ['ALL'] }) },
    ]);
  });
  afterAll(async () => {
    await imap?.stop();
  });

  it('validates over TLS: resolve, connect, login, mailbox', () => {
    const outcome = trusted[0]?.result as ValidationOutcome;
    expect(outcome).toMatchObject({ valid: true, message: null });
    expect(outcome.checks.map((c) => [c.name, c.ok, c.detail])).toEqual([
      ['resolve', true, expect.stringContaining('localhost resolves to')],
      ['connect', true, `localhost:${imap.port} accepts connections`],
      ['login', true, `TLS verified, logged in as '${imap.user}'`],
      ['mailbox', true, "'INBOX' holds 3 messages"],
    ]);
  });

  it('connect reads the unseen messages with sender, subject, date and text', () => {
    const { messages } = trusted[1]!.result as Messages;
    expect(messages.map((m) => [m.subject, m.from, m.text])).toEqual([
      ['Build green', ['Grace Hopper <grace@example.org>'], 'all checks passed'],
      ['Deploy done', ['Grace Hopper <grace@example.org>'], 'v2 is live'],
    ]);
    expect(messages[0]?.date).toBe('2026-11-02T09:00:00.000Z');
  });

  it('reading is read-only: a second run still sees the same unseen messages', () => {
    expect(trusted[2]?.result).toEqual(trusted[1]?.result);
  });

  it('search keys and max_messages choose the messages (newest kept)', () => {
    expect((trusted[3]!.result as Messages).messages.map((m) => m.subject)).toEqual([
      'Read already',
      'Deploy done',
    ]);
    expect((trusted[4]!.result as Messages).messages.map((m) => m.subject)).toEqual(['Read already']);
    expect((trusted[5]!.result as Messages).messages.map((m) => m.subject)).toEqual(['Archived']);
  });

  it('wrong password: login fails, saying to check username and password', () => {
    const outcome = trusted[6]?.result as ValidationOutcome;
    expect(outcome.checks.at(-1)).toMatchObject({ name: 'login', ok: false });
    expect(outcome.message).toBe(
      `localhost:${imap.port} refused LOGIN as '${imap.user}' (Authentication failed.); check username and password`,
    );
  });

  // cut at the cap first and masked after, the password's first bytes stayed in the message text
  it('a password straddling the 256 KiB source cap is masked before the cut, at every cut point', () => {
    expect(trusted[8]?.error).toBeUndefined();
    const out = trusted[8]?.result as { messages: { subject: string; text: string }[] } | undefined;
    const messages = out?.messages ?? [];
    expect(messages.map((m) => m.subject)).toEqual(STRADDLE_KEPT.map((kept) => `Long log ${kept}`));
    for (const [i, kept] of STRADDLE_KEPT.entries()) {
      const text = messages[i]!.text;
      expect(
        text.endsWith(`a${'*'.repeat(Math.min(kept, 8))}`),
        `${kept} bytes kept: ${text.slice(-20)}`,
      ).toBe(true);
      expect(text).not.toContain(CANARY.slice(0, kept));
      expect(text).not.toContain('more log after it');
    }
  });

  it('unknown mailbox: the mailbox check names the mailboxes that exist', () => {
    const outcome = trusted[7]?.result as ValidationOutcome;
    expect(outcome.checks.at(-1)).toMatchObject({ name: 'mailbox', ok: false });
    expect(outcome.message).toMatch(/^mailbox 'Nope' does not exist for 'ada' \(.*\); the mailboxes are /);
    expect(outcome.message).toContain('Archive');
    expect(outcome.message).toContain('INBOX');
  });

  it('TLS failure: an untrusted certificate fails before LOGIN', async () => {
    const outcome = await validate({});
    expect(outcome.checks.at(-1)).toMatchObject({ name: 'login', ok: false });
    expect(outcome.message).toMatch(/^TLS to localhost:\d+ failed: .*certificate/);
    expect((await failure(execute({}))).code).toBe('tls_failed');
  });

  it('a search key that is not supported is refused before connecting', async () => {
    const error = await failure(execute({ search: ['UNSEEN', 'FROMM', 'x'] }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain("key 'FROMM' is not supported");
  });

  it('nothing listening is connection_refused', async () => {
    const outcome = await validate({ port: 1 });
    expect(outcome.message).toContain('connection refused');
  });

  it('a host resolving to the metadata address is refused by the egress guard', async () => {
    const resolve = async () => ['169.254.169.254'];
    expect((await failure(execute({ host: 'imap.example' }, { resolve }))).code).toBe('egress_denied');
  });

  it('no result or error carries the password', () => {
    expect(JSON.stringify(trusted)).not.toContain(CANARY);
  });
});
