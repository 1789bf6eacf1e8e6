import type { Client } from 'pg';

// `COPY … FROM STDIN` over node-postgres without pg-copy-streams: a submittable that answers the
// server's CopyInResponse with the data and CopyDone, as pg-copy-streams does. Benchmarks only.

interface PgConnection {
	query(text: string): void;
	sendCopyFromChunk(chunk: Buffer): void;
	endCopyFrom(): void;
}

class CopyIn {
	private failure: Error | undefined;

	constructor(
		private readonly text: string,
		private readonly data: Buffer,
		private readonly done: (error?: Error) => void,
	) {}

	submit(connection: PgConnection) {
		connection.query(this.text);
	}

	handleCopyInResponse(connection: PgConnection) {
		const chunk = 1 << 16;
		for (let at = 0; at < this.data.length; at += chunk) {
			connection.sendCopyFromChunk(this.data.subarray(at, at + chunk));
		}
		connection.endCopyFrom();
	}

	handleCommandComplete() {}

	handleError(error: Error) {
		this.failure = error;
	}

	handleReadyForQuery() {
		this.done(this.failure);
	}
}

/** Runs `copy <table> (<columns>) from stdin` with `data` in COPY's text format. */
export async function copyIn(client: Client, text: string, data: Buffer): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const query = new CopyIn(text, data, (error) => (error ? reject(error) : resolve()));
		(client as unknown as { query(q: CopyIn): void }).query(query);
	});
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the rest. */
export function copyValue(value: string | number | boolean | null): string {
	if (value === null) return '\\N';
	return String(value).replace(
		/[\\\t\n\r]/g,
		(c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
	);
}
