/**
 * IMAP with imapflow: the socket goes to the egress guard's address (TLS verifies the host name),
 * the mailbox is opened read-only (EXAMINE: reading never marks a message seen), and each message is
 * fetched with a size cap before it is parsed.
 */
import { isIP } from 'node:net';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { CallSecrets, TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, describeNetError, errorMessage, hostPort } from '../../task-kit/task-support.js';
import { toSearchQuery } from './imap-search.js';
import type { ImapInputs } from './imap-type.js';

/** Each message is read up to this size; its text is what those bytes hold. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export interface ImapMessage {
  uid: number;
  from: string[];
  to: string[];
  subject: string | null;
  date: string | null;
  text: string;
}

/** Connects (TLS first when `tls`) and logs in. */
export async function login(inputs: ImapInputs, address: string, ctx: TypeContext): Promise<ImapFlow> {
  const wait = Math.max(1, Math.floor(ctx.timeoutMs * 0.8));
  const client = new ImapFlow({
    host: address,
    port: inputs.port,
    secure: inputs.tls,
    // an IP literal is verified as the connect address; a name is sent as SNI and checked against the certificate
    ...(isIP(inputs.host) ? {} : { servername: inputs.host }),
    auth: { user: inputs.username, pass: inputs.password ?? '' },
    logger: false,
    connectionTimeout: wait,
    greetingTimeout: wait,
    socketTimeout: wait,
  });
  client.on('error', () => undefined);
  ctx.signal.addEventListener('abort', () => client.close(), { once: true });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw imapFailure(error, inputs, ctx);
  }
}

/** Opens the mailbox read-only; an unknown one names the mailboxes that exist. */
export async function examine(client: ImapFlow, inputs: ImapInputs, ctx: TypeContext): Promise<number> {
  try {
    const box = await client.mailboxOpen(inputs.mailbox, { readOnly: true });
    return box.exists;
  } catch (error) {
    if (ctx.signal.aborted) throw deadlineFailure(`opening ${inputs.mailbox}`, ctx.timeoutMs);
    const known = await client.list().then(
      (l) => l.map((m) => m.path),
      () => [],
    );
    throw new TaskFailure(
      'not_found',
      `mailbox '${inputs.mailbox}' does not exist for '${inputs.username}' (${serverText(error)}); the mailboxes are ${known.join(', ') || '(none)'}`,
    );
  }
}

/** The newest `max_messages` messages matching `search`, oldest first. */
export async function fetchMessages(
  client: ImapFlow,
  inputs: ImapInputs,
  secrets: CallSecrets,
): Promise<ImapMessage[]> {
  const query = toSearchQuery(inputs.search);
  const found = await client.search(query, { uid: true });
  const uids = (found || []).slice(-inputs.max_messages);
  if (uids.length === 0) return [];
  const messages: ImapMessage[] = [];
  const fetched = client.fetch(
    uids,
    // the longest secret's length past the cap, so that a secret straddling it is masked before the cut
    { uid: true, envelope: true, source: { maxLength: MAX_MESSAGE_BYTES + secrets.longestBytes } },
    { uid: true },
  );
  for await (const m of fetched) {
    const parsed = m.source ? await simpleParser(cappedSource(m.source, secrets)) : undefined;
    const names = (list?: { name?: string; address?: string }[]) =>
      (list ?? []).map((a) => (a.name ? `${a.name} <${a.address}>` : (a.address ?? '')));
    messages.push({
      uid: m.uid,
      from: names(m.envelope?.from),
      to: names(m.envelope?.to),
      subject: m.envelope?.subject ?? null,
      date: m.envelope?.date ? new Date(m.envelope.date).toISOString() : null,
      text: (parsed?.text ?? '').trim(),
    });
  }
  return messages.sort((a, b) => a.uid - b.uid);
}

/** The message source masked, then cut at {@link MAX_MESSAGE_BYTES} (its bytes kept when nothing was masked). */
function cappedSource(source: Buffer, secrets: CallSecrets): Buffer {
  const text = source.toString('utf8');
  const masked = secrets.redact(text);
  const bytes = masked === text ? source : Buffer.from(masked, 'utf8');
  return bytes.subarray(0, MAX_MESSAGE_BYTES);
}

const serverText = (error: unknown): string =>
  String((error as { responseText?: unknown }).responseText ?? errorMessage(error)).replace(
    /\s*\(\d+\.\d+ \+ .*\)\.?$/,
    '',
  );

export function imapFailure(error: unknown, inputs: ImapInputs, ctx: TypeContext): TaskFailure {
  if (error instanceof TaskFailure) return error;
  const where = hostPort(inputs.host, inputs.port);
  if (ctx.signal.aborted) return deadlineFailure(`IMAP at ${where}`, ctx.timeoutMs);
  const e = error as { authenticationFailed?: boolean; code?: string };
  if (e.authenticationFailed) {
    return new TaskFailure(
      'auth_failed',
      `${where} refused LOGIN as '${inputs.username}' (${serverText(error)}); check username and password`,
    );
  }
  const net = describeNetError(error, where);
  if (net?.code === 'timeout' && inputs.tls) {
    return new TaskFailure(
      'tls_failed',
      `${where} did not complete TLS; tls is true, so check that the port speaks IMAPS (993) or set tls to false`,
    );
  }
  return net ?? new TaskFailure('connect_failed', `IMAP at ${where} failed: ${serverText(error)}`);
}
