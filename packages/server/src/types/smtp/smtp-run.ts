/**
 * SMTP with nodemailer: one transport per call to the egress guard's address (TLS verifies the host
 * name), STARTTLS required unless `tls` says otherwise, and nodemailer's error codes mapped to the input
 * to fix.
 */
import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, describeNetError, errorMessage, hostPort } from '../../task-kit/task-support.js';
import type { SmtpInputs } from './smtp-type.js';

export type Transport = Transporter<SMTPTransport.SentMessageInfo>;

export function createTransport(inputs: SmtpInputs, address: string, ctx: TypeContext): Transport {
  const wait = Math.max(1, Math.floor(ctx.timeoutMs * 0.8));
  const transport = nodemailer.createTransport({
    host: address,
    port: inputs.port,
    secure: inputs.tls === 'tls',
    requireTLS: inputs.tls === 'starttls',
    ignoreTLS: inputs.tls === 'none',
    // an IP literal is verified as the connect address; a name is sent as SNI and checked against the certificate
    tls: isIP(inputs.host) ? {} : { servername: inputs.host },
    ...(inputs.username ? { auth: { user: inputs.username, pass: inputs.password ?? '' } } : {}),
    connectionTimeout: wait,
    greetingTimeout: wait,
    socketTimeout: wait,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  ctx.signal.addEventListener('abort', () => transport.close(), { once: true });
  return transport;
}

interface MailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  rejected?: string[];
}

/** What went wrong, as the input to fix. */
export function smtpFailure(error: unknown, inputs: SmtpInputs, ctx: TypeContext): TaskFailure {
  const where = hostPort(inputs.host, inputs.port);
  if (ctx.signal.aborted) return deadlineFailure(`SMTP at ${where}`, ctx.timeoutMs);
  const e = (error ?? {}) as MailerError;
  const reply = (e.response ?? errorMessage(error)).split('\n')[0];
  switch (e.code) {
    case 'EAUTH':
      return new TaskFailure(
        'auth_failed',
        `${where} refused AUTH as '${inputs.username}' (${reply}); check username and password`,
      );
    case 'ENOAUTH':
      return new TaskFailure('auth_failed', `${where} needs a login; set username and password`);
    case 'ETLS':
      return new TaskFailure(
        'tls_failed',
        `${where} does not offer STARTTLS but tls is 'starttls' (${reply}); use tls 'tls' for implicit TLS (port 465), or fix the server`,
      );
    case 'EENVELOPE':
      return new TaskFailure(
        'recipients_rejected',
        `${where} rejected the envelope (${reply}); check from, to, cc and bcc`,
      );
    case 'EMESSAGE':
    case 'EPROTOCOL':
      return new TaskFailure('smtp_error', `${where} refused the message: ${reply}`);
  }
  const net = describeNetError(error, where);
  if (net) return net;
  if (/wrong version number|ssl|tls/i.test(errorMessage(error))) {
    return new TaskFailure(
      'tls_failed',
      `TLS to ${where} failed: ${errorMessage(error)}; check tls ('tls' for port 465, 'starttls' for 587)`,
    );
  }
  return new TaskFailure('connect_failed', `SMTP at ${where} failed: ${errorMessage(error)}`);
}
