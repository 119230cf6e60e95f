/**
 * A real Dovecot IMAP server for the imap suite, started from a dovecot.conf in a temp dir: IMAPS on a
 * free loopback port with a certificate from a test CA, one passwd-file user, and maildirs seeded with
 * messages (INBOX: two unseen, one seen; an Archive mailbox). Mail is owned by `nobody`: Dovecot refuses
 * to give mail processes UID 0, and the test may create no user of its own.
 *
 * @example
 * const imap = await startDovecot('secret');
 * await imapType.execute!({ host: 'localhost', port: imap.port, username: imap.user, password: 'secret' }, ctx);
 * await imap.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_MESSAGE_BYTES } from '../../src/types/imap/imap-run.js';
import { createTestPki, stopChild, type TestPki, waitForPort } from './task-servers.js';
import { freePort } from './type-context.js';

export const DOVECOT = '/usr/sbin/dovecot';
const NOBODY = { uid: 65534, gid: 65534 };

export interface Dovecot {
  port: number;
  user: string;
  pki: TestPki;
  stop(): Promise<void>;
}

function mail(from: string, subject: string, body: string, day: number): string {
  return [
    `From: ${from}`,
    'To: ada@example.org',
    `Subject: ${subject}`,
    `Date: Mon, ${String(day).padStart(2, '0')} Nov 2026 09:00:00 +0000`,
    `Message-ID: <${subject.replaceAll(' ', '-')}@example.org>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** How many bytes of the password the cut at the imap type's source cap keeps, per message of `Big`. */
export const STRADDLE_KEPT = [3, 9];

/**
 * A message whose raw source puts `password` across the imap type's 256 KiB source cap, with `kept`
 * of its bytes before the cut: masking after the cut would leave those bytes in the text.
 */
function straddlingMail(password: string, kept: number, day: number): string {
  const head = mail('Ops <ops@example.org>', `Long log ${kept}`, '', day).replace(/\r\n$/, '');
  const room = MAX_MESSAGE_BYTES - Buffer.byteLength(head) - kept;
  const line = `${'a'.repeat(78)}\r\n`;
  const filler = `${line.repeat(Math.ceil(room / line.length)).slice(0, room - 1)}a`;
  return `${head}${filler}${password} and more log after it\r\n`;
}

function seedMaildir(dir: string, messages: { name: string; flags: string; text: string }[]): void {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  for (const m of messages) {
    const where = m.flags === '' ? join(dir, 'new', m.name) : join(dir, 'cur', `${m.name}:2,${m.flags}`);
    writeFileSync(where, m.text);
  }
}

export async function startDovecot(password: string): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-dovecot-'));
  chmodSync(dir, 0o755);
  const pki = createTestPki();
  const user = 'ada';
  writeFileSync(join(dir, 'server.pem'), pki.cert);
  writeFileSync(join(dir, 'server.key'), pki.key, { mode: 0o600 });
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o600 });
  const maildir = join(dir, 'mail', user);
  seedMaildir(maildir, [
    {
      name: '1000.a.host',
      flags: '',
      text: mail('Grace Hopper <grace@example.org>', 'Build green', 'all checks passed', 2),
    },
    {
      name: '1001.b.host',
      flags: 'S',
      text: mail('Alan Turing <alan@example.org>', 'Read already', 'old news', 1),
    },
    {
      name: '1002.c.host',
      flags: '',
      text: mail('Grace Hopper <grace@example.org>', 'Deploy done', 'v2 is live', 3),
    },
  ]);
  seedMaildir(join(maildir, '.Archive'), [
    { name: '2000.d.host', flags: 'S', text: mail('Ada <ada@example.org>', 'Archived', 'kept', 1) },
  ]);
  seedMaildir(
    join(maildir, '.Big'),
    STRADDLE_KEPT.map((kept, i) => ({
      name: `300${i}.e.host`,
      flags: '',
      text: straddlingMail(password, kept, i + 1),
    })),
  );
  execFileSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, join(dir, 'mail')]);
  const port = await freePort();
  const conf = `
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${join(dir, 'server.pem')}
ssl_key = <${join(dir, 'server.key')}
auth_mechanisms = plain login
# a refused login answers at once (the default waits 2 s)
auth_failure_delay = 0
first_valid_uid = ${NOBODY.uid}
mail_location = maildir:${join(dir, 'mail')}/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'users')}
}
userdb {
  driver = static
  args = uid=${NOBODY.uid} gid=${NOBODY.gid} home=${join(dir, 'mail')}/%u
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = ${port}
    ssl = yes
  }
}
service anvil {
  chroot =
}
# the passwd-file stays 0600 root: the auth process reads it as root
service auth {
  user = root
}
service imap-login {
  chroot =
}
`;
  writeFileSync(join(dir, 'dovecot.conf'), conf);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const log = () => {
    let file = '';
    try {
      file = readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {}
    return `${out}\n${file}`;
  };
  await waitForPort('dovecot', port, child, log);
  return {
    port,
    user,
    pki,
    stop: async () => {
      await stopChild(child);
      if (process.env.PB_KEEP) console.log(log());
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
