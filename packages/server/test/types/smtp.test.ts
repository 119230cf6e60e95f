/**
 * The smtp task type against a real SMTP server (test/support/smtp-peer.ts: the npm smtp-server
 * package, see there why not postfix) with STARTTLS, implicit TLS and AUTH; the test reads the
 * delivered message back. TLS successes run in a child process trusting the test CA
 * (NODE_EXTRA_CA_CERTS); failures run here: wrong password, untrusted certificate, no STARTTLS,
 * rejected recipient, egress.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure, type ValidationOutcome } from '../../src/domain/type-descriptor.js';
import { smtpType } from '../../src/types/smtp/smtp-type.js';
import { runTrusting, type TrustedRun } from '../support/run-trusting.js';
import { type SmtpPeer, startSmtpPeer } from '../support/smtp-peer.js';
import { createTestPki, type TestPki } from '../support/task-servers.js';
import { runExecute, runValidate, type TypeContextOverrides, withDefaults } from '../support/type-context.js';

const CANARY = 'canary-smtp-6a0d2b95';
const USER = 'bot@example.org';

let pki: TestPki;
let starttls: SmtpPeer;
let implicit: SmtpPeer;
let plainOnly: SmtpPeer;
const base = (extra: JsonObject = {}): JsonObject =>
  withDefaults(smtpType, {
    host: 'localhost',
    port: starttls.port,
    username: USER,
    password: CANARY,
    ...extra,
  });
const message = { from: USER, to: ['ops@example.org'], subject: 'Nightly run', text: 'all done' };
const validate = (extra: JsonObject, o: TypeContextOverrides = {}) => runValidate(smtpType, base(extra), o);
const execute = (extra: JsonObject, o: TypeContextOverrides = {}) => runExecute(smtpType, base(extra), o);

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as Error).message).not.toContain(CANARY);
  return error as TaskFailure;
}

describe('smtp task type', () => {
  let trusted: TrustedRun[];
  beforeAll(async () => {
    pki = createTestPki();
    const auth = { pki, user: USER, password: CANARY };
    [starttls, implicit, plainOnly] = await Promise.all([
      startSmtpPeer(auth),
      startSmtpPeer({ ...auth, secure: true }),
      startSmtpPeer({ ...auth, noStartTls: true }),
    ]);
    // every call that needs the test CA trusted, in one child process
    trusted = await runTrusting(pki.caCert, [
      { type: 'smtp', method: 'validate', inputs: base() },
      { type: 'smtp', method: 'execute', inputs: base({ ...message, cc: ['audit@example.org'] }) },
      {
        type: 'smtp',
        method: 'execute',
        inputs: base({ port: implicit.port, tls: 'tls', ...message, subject: 'over 465' }),
      },
      { type: 'smtp', method: 'validate', inputs: base({ password: 'wrong-password' }) },
      { type: 'smtp', method: 'execute', inputs: base({ ...message, to: ['nobody@nowhere.invalid'] }) },
    ]);
  });
  afterAll(async () => {
    await Promise.all([starttls?.stop(), implicit?.stop(), plainOnly?.stop()]);
  });

  it('validates with STARTTLS and AUTH, sending no mail', () => {
    const outcome = trusted[0]?.result as ValidationOutcome;
    expect(outcome).toMatchObject({ valid: true, message: null });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['session', true],
    ]);
    expect(outcome.checks.at(-1)?.detail).toBe(`EHLO, STARTTLS, AUTH as '${USER}' accepted; no mail sent`);
  });

  it('connect sends the message; the server received it as sent', async () => {
    expect(trusted[1]?.result).toMatchObject({
      accepted: ['ops@example.org', 'audit@example.org'],
      rejected: [],
    });
    const delivered = starttls.messages.find((m) => m.raw.includes('Nightly run'));
    expect(delivered).toMatchObject({ from: USER, to: ['ops@example.org', 'audit@example.org'] });
    const parsed = await simpleParser(delivered!.raw);
    expect(parsed.subject).toBe('Nightly run');
    expect(parsed.text?.trim()).toBe('all done');
    expect(parsed.messageId).toBe((trusted[1]!.result as { message_id: string }).message_id);
    expect(starttls.messages.filter((m) => m.raw.includes('Nightly run'))).toHaveLength(1);
  });

  it('sends over implicit TLS (tls: "tls")', () => {
    expect(trusted[2]?.result).toMatchObject({ accepted: ['ops@example.org'] });
    expect(implicit.messages.map((m) => m.raw).join()).toContain('over 465');
  });

  it('wrong password: the session check fails, saying to check username and password', () => {
    const outcome = trusted[3]?.result as ValidationOutcome;
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(
      new RegExp(`^localhost:\\d+ refused AUTH as '${USER}' \\(.*\\); check username and password$`),
    );
  });

  it('a rejected recipient is recipients_rejected, naming the inputs to check', () => {
    expect(trusted[4]?.error?.code).toBe('recipients_rejected');
    expect(trusted[4]?.error?.message).toContain('check from, to, cc and bcc');
  });

  it('TLS failure: an untrusted certificate fails STARTTLS before AUTH', async () => {
    const outcome = await validate({});
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/^TLS to localhost:\d+ failed: .*certificate/);
    expect((await failure(execute({ port: implicit.port, tls: 'tls', ...message }))).code).toBe('tls_failed');
  });

  it("a server without STARTTLS is refused when tls is 'starttls' (no downgrade)", async () => {
    const error = await failure(execute({ port: plainOnly.port, ...message }));
    expect(error.code).toBe('tls_failed');
    expect(error.message).toContain("does not offer STARTTLS but tls is 'starttls'");
    expect(plainOnly.messages).toHaveLength(0);
  });

  it('connect without from or recipients says what to set', async () => {
    expect((await failure(execute({ to: ['a@b.c'] }))).code).toBe('missing_input');
    expect((await failure(execute({ from: USER }))).code).toBe('missing_input');
  });

  it('nothing listening is connection_refused', async () => {
    const outcome = await validate({ port: 1 });
    expect(outcome.message).toContain('connection refused');
  });

  it('a host resolving to the metadata address is refused by the egress guard', async () => {
    const resolve = async () => ['169.254.169.254'];
    const error = await failure(execute({ host: 'smtp.example', ...message }, { resolve }));
    expect(error.code).toBe('egress_denied');
  });

  it('no call put the password in a result or error', () => {
    expect(JSON.stringify(trusted)).not.toContain(CANARY);
  });
});
