/**
 * A real SMTP server for the smtp suite: the npm `smtp-server` package (the SMTP server library of the
 * Nodemailer project) on a free loopback port, with STARTTLS or implicit TLS from a test certificate,
 * AUTH PLAIN/LOGIN against one user, and the delivered messages kept for the test to read.
 *
 * Why not Debian's postfix + dovecot or opensmtpd: both need system users, a spool and root-owned
 * configuration to run at all, and reading a delivered message back means a mailbox on disk; a test
 * that starts, configures and stops its own server in a second is worth more. smtp-server implements
 * the protocol side (EHLO, STARTTLS, AUTH, envelope, DATA) for real, so nodemailer is exercised against
 * a genuine SMTP dialogue, not a stub.
 */
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { SMTPServer } from 'smtp-server';
import type { TestPki } from './task-servers.js';

export interface DeliveredMessage {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpPeer {
  port: number;
  messages: DeliveredMessage[];
  stop(): Promise<void>;
}

export interface SmtpPeerOptions {
  pki: TestPki;
  user: string;
  password: string;
  /** implicit TLS (port 465 style) instead of STARTTLS */
  secure?: boolean;
  /** do not offer STARTTLS */
  noStartTls?: boolean;
}

export async function startSmtpPeer(options: SmtpPeerOptions): Promise<SmtpPeer> {
  const messages: DeliveredMessage[] = [];
  const server = new SMTPServer({
    secure: options.secure ?? false,
    key: options.pki.key,
    cert: options.pki.cert,
    disabledCommands: options.noStartTls ? ['STARTTLS'] : [],
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) {
        return callback(null, { user: auth.username });
      }
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@nowhere.invalid')) {
        return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      }
      return callback();
    },
    onData(stream, session, callback) {
      text(stream).then((raw) => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      }, callback);
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
