// Child processes of the demo and the tests: commands that must succeed, and free local ports.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface CommandOptions {
	readonly cwd: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Show the command's output (long installs); otherwise it is kept for the error message. */
	readonly inheritOutput?: boolean;
}

/** Runs a command to its end; rejects with its exit code and the tail of its output. */
export function runCommand(
	command: string,
	args: readonly string[],
	options: CommandOptions,
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: options.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(output);
			else
				reject(
					new Error(
						`\`${command} ${args.join(' ')}\` in ${options.cwd} exited with ${code}\n${output.slice(-4000)}`,
					),
				);
		});
	});
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether `port` on 127.0.0.1 can be listened on. */
export function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}
