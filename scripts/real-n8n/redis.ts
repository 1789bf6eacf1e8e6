// Just enough of Redis's protocol (RESP) for the queue-mode setup to check the server is there and
// to remove the keys of its own prefix afterwards, without a Redis client among the dependencies.
import { createConnection, type Socket } from 'node:net';

export type RedisReply = string | number | null | RedisReply[];

export interface RedisAddress {
	readonly host: string;
	readonly port: number;
}

/** The Redis of the demo and the tests: INTERACTION_LOG_REDIS_HOST / _PORT, else 127.0.0.1:6379. */
export const LOCAL_REDIS: RedisAddress = {
	host: process.env.INTERACTION_LOG_REDIS_HOST ?? '127.0.0.1',
	port: Number(process.env.INTERACTION_LOG_REDIS_PORT ?? 6379),
};

class RedisError extends Error {}

/** Parses one reply from `buffer` at `offset`; undefined when it is not complete yet. */
function parseReply(
	buffer: Buffer,
	offset: number,
): { reply: RedisReply; next: number } | undefined {
	const lineEnd = buffer.indexOf('\r\n', offset);
	if (lineEnd === -1) return undefined;
	const type = String.fromCharCode(buffer[offset]);
	const line = buffer.toString('utf8', offset + 1, lineEnd);
	const afterLine = lineEnd + 2;
	switch (type) {
		case '+':
			return { reply: line, next: afterLine };
		case '-':
			throw new RedisError(line);
		case ':':
			return { reply: Number(line), next: afterLine };
		case '$': {
			const length = Number(line);
			if (length < 0) return { reply: null, next: afterLine };
			if (buffer.length < afterLine + length + 2) return undefined;
			return {
				reply: buffer.toString('utf8', afterLine, afterLine + length),
				next: afterLine + length + 2,
			};
		}
		case '*': {
			const count = Number(line);
			if (count < 0) return { reply: null, next: afterLine };
			const items: RedisReply[] = [];
			let next = afterLine;
			for (let i = 0; i < count; i++) {
				const item = parseReply(buffer, next);
				if (!item) return undefined;
				items.push(item.reply);
				next = item.next;
			}
			return { reply: items, next };
		}
		default:
			throw new RedisError(`Unexpected reply type ${JSON.stringify(type)}`);
	}
}

function encode(args: readonly string[]): string {
	return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** One connection; commands are answered in the order they were sent. */
export class RedisConnection {
	private buffer = Buffer.alloc(0);
	private readonly pending: { resolve(reply: RedisReply): void; reject(error: Error): void }[] = [];

	private constructor(private readonly socket: Socket) {
		socket.on('data', (chunk: Buffer) => this.receive(chunk));
		socket.on('error', (error) => this.failAll(error));
		socket.on('close', () => this.failAll(new Error('Redis closed the connection')));
	}

	static connect(address: RedisAddress = LOCAL_REDIS): Promise<RedisConnection> {
		return new Promise((resolve, reject) => {
			const socket = createConnection(address.port, address.host);
			socket.once('error', (error) =>
				reject(
					new Error(
						`No Redis at ${address.host}:${address.port} (${error.message}); queue mode needs one`,
					),
				),
			);
			socket.once('connect', () => resolve(new RedisConnection(socket)));
		});
	}

	command(...args: string[]): Promise<RedisReply> {
		return new Promise((resolve, reject) => {
			this.pending.push({ resolve, reject });
			this.socket.write(encode(args));
		});
	}

	close(): void {
		this.socket.end();
	}

	private receive(chunk: Buffer) {
		this.buffer = Buffer.concat([this.buffer, chunk]);
		for (;;) {
			let parsed: ReturnType<typeof parseReply>;
			try {
				parsed = parseReply(this.buffer, 0);
			} catch (error) {
				// An error reply answers one command; find its end and go on with the rest.
				const end = this.buffer.indexOf('\r\n');
				this.buffer = this.buffer.subarray(end + 2);
				this.pending.shift()?.reject(error as Error);
				continue;
			}
			if (!parsed) return;
			this.buffer = this.buffer.subarray(parsed.next);
			this.pending.shift()?.resolve(parsed.reply);
		}
	}

	private failAll(error: Error) {
		for (const waiting of this.pending.splice(0)) waiting.reject(error);
	}
}

/** `prefix:*` as a SCAN pattern, with the glob characters of the prefix escaped. */
function keyPattern(prefix: string): string {
	return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
}

async function scanKeys(redis: RedisConnection, prefix: string): Promise<string[]> {
	const keys: string[] = [];
	let cursor = '0';
	do {
		const [next, batch] = (await redis.command(
			'SCAN',
			cursor,
			'MATCH',
			keyPattern(prefix),
			'COUNT',
			'1000',
		)) as [string, string[]];
		keys.push(...batch);
		cursor = next;
	} while (cursor !== '0');
	return keys;
}

/** The keys under `prefix:` (the queue's and n8n's own), e.g. to check a run left none behind. */
export async function keysWithPrefix(
	prefix: string,
	address: RedisAddress = LOCAL_REDIS,
): Promise<string[]> {
	const redis = await RedisConnection.connect(address);
	try {
		return await scanKeys(redis, prefix);
	} finally {
		redis.close();
	}
}

/** Deletes every key under `prefix:` and nothing else; returns how many there were. */
export async function deleteKeysWithPrefix(
	prefix: string,
	address: RedisAddress = LOCAL_REDIS,
): Promise<number> {
	const redis = await RedisConnection.connect(address);
	try {
		const keys = await scanKeys(redis, prefix);
		for (let i = 0; i < keys.length; i += 500) {
			await redis.command('UNLINK', ...keys.slice(i, i + 500));
		}
		return keys.length;
	} finally {
		redis.close();
	}
}

/** Checks a Redis answers at `address`, with a message that says how to start one if not. */
export async function checkRedis(address: RedisAddress = LOCAL_REDIS): Promise<void> {
	const redis = await RedisConnection.connect(address);
	try {
		const pong = await redis.command('PING');
		if (pong !== 'PONG')
			throw new Error(`Redis at ${address.host}:${address.port} answered ${String(pong)}`);
	} finally {
		redis.close();
	}
}
