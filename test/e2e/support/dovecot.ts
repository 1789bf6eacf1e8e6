// A real IMAP server for the e-mail tests: Debian's dovecot (`apt-get install dovecot-imapd`),
// configured in a temporary folder of its own, listening on a free loopback port, with one
// passwd-file user whose Maildir the test writes messages into directly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../../scripts/real-n8n/processes';
import { DEFAULT_TIMEZONE } from '../../../scripts/real-n8n/server';

export const DOVECOT_BIN = '/usr/sbin/dovecot';

export interface MailMessage {
	readonly from: string;
	readonly to: string;
	readonly subject: string;
	/** Without angle brackets, e.g. `m1@adatum.example`. */
	readonly messageId: string;
	readonly date: Date;
	readonly body?: string;
}

export interface ImapServer {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	/** Puts a message into the user's inbox (Maildir `new/`), unread. */
	deliver(message: MailMessage): void;
	/** Stops dovecot and removes its folder; safe to call twice. */
	stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function idOf(flag: '-u' | '-g', name: string): number {
	const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`No system user ${name}: is dovecot-imapd installed?`);
	return Number(result.stdout.trim());
}

function config(dir: string, port: number, mailUser: string): string {
	return `# Written by test/e2e/support/dovecot.ts for one test run.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
# Plaintext logins, on the loopback interface only.
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%n
mail_uid = ${mailUser}
mail_gid = ${mailUser}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

function rfc822(message: MailMessage): string {
	return [
		`From: ${message.from}`,
		`To: ${message.to}`,
		`Subject: ${message.subject}`,
		`Message-ID: <${message.messageId}>`,
		`Date: ${message.date.toUTCString().replace('GMT', '+0000')}`,
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'',
		message.body ?? `${message.subject}.`,
		'',
	].join('\r\n');
}

/**
 * Starts dovecot for `user` (an address, e.g. `inbox@example.test`) on a free port, in the time
 * zone of the n8n instance that reads it (n8n's default for the tests). Needs root:
 * dovecot's mail processes run as its own `dovecot` user, which owns the Maildir.
 */
export async function startDovecot(
	user = 'inbox@example.test',
	timeZone = DEFAULT_TIMEZONE,
): Promise<ImapServer> {
	if (!existsSync(DOVECOT_BIN)) {
		throw new Error(`${DOVECOT_BIN} is missing: apt-get install -y dovecot-imapd`);
	}
	const mailUser = 'dovecot';
	const uid = idOf('-u', mailUser);
	const gid = idOf('-g', mailUser);
	const dir = mkdtempSync(join(tmpdir(), 'interaction-log-imap-'));
	// dovecot's auth and mail processes run as its own users: they must reach the passwd file.
	chmodSync(dir, 0o755);
	const password = `pw-${process.pid}-${Date.now().toString(36)}`;
	const port = await freePort();
	const maildir = join(dir, 'mail', user.split('@')[0]);
	for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
	mkdirSync(join(dir, 'run'));
	writeFileSync(join(dir, 'dovecot.conf'), config(dir, port, mailUser));
	writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
	const chownAll = () => spawnSync('chown', ['-R', `${uid}:${gid}`, join(dir, 'mail')]);
	chownAll();

	// IMAP's SEARCH SINCE compares dates in the server's zone, and n8n's Email Trigger asks for mail
	// SINCE the day it was activated in the instance's zone: the two must agree, or for the hours
	// when the days differ (after 23:00 UTC for Berlin) the trigger finds none of today's mail.
	const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', join(dir, 'dovecot.conf')], {
		stdio: 'ignore',
		env: { ...process.env, TZ: timeZone },
	});
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(10_000)]);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 20_000;
	while (!(await canConnect(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`dovecot did not start on port ${port} (see its log in ${dir})`);
		}
		await sleep(100);
	}

	let delivered = 0;
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		deliver(message) {
			// Maildir delivery: write into tmp/, then rename into new/ (never a half-written file).
			const name = `${Date.now()}.M${++delivered}P${process.pid}.interaction-log-test`;
			writeFileSync(join(maildir, 'tmp', name), rfc822(message));
			renameSync(join(maildir, 'tmp', name), join(maildir, 'new', name));
			chownAll();
		},
		stop,
	};
}
