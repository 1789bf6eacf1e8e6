// A small client of n8n's own REST API (`/rest/...`, what the editor calls), enough to set up an
// instance, import workflows, publish them, run them and read their executions.
import type { ExecutionStatus, IConnections, INode, IRunExecutionData } from 'n8n-workflow';

import { parseFlatted } from './flatted';

export interface WorkflowJson {
	readonly id?: string;
	readonly name: string;
	readonly nodes: readonly INode[];
	readonly connections: IConnections;
	readonly settings?: Record<string, unknown>;
	readonly pinData?: Record<string, unknown>;
	readonly versionId?: string;
	readonly active?: boolean;
}

export interface StoredWorkflow extends WorkflowJson {
	readonly id: string;
	readonly versionId: string;
}

export interface Owner {
	readonly email: string;
	readonly password: string;
	readonly firstName: string;
	readonly lastName: string;
}

export interface Execution {
	readonly id: string;
	readonly status: ExecutionStatus;
	readonly mode: string;
	readonly workflowId: string;
	readonly data: IRunExecutionData;
}

/** A URL a published workflow serves: `/<prefix>/<path>` for `method`. */
export interface LiveEndpoint {
	readonly prefix: 'webhook' | 'mcp';
	readonly path: string;
	readonly method: string;
}

/** The production URLs the workflow's webhook and MCP Server Trigger nodes register. */
export function liveEndpoints(nodes: readonly INode[]): LiveEndpoint[] {
	return nodes
		.filter((node) => !node.disabled)
		.flatMap((node): LiveEndpoint[] => {
			const path = String(node.parameters.path ?? '');
			if (node.type === 'n8n-nodes-base.webhook') {
				return [{ prefix: 'webhook', path, method: String(node.parameters.httpMethod ?? 'GET') }];
			}
			if (node.type === MCP_TRIGGER_TYPE) return [{ prefix: 'mcp', path, method: 'POST' }];
			return [];
		});
}

/** n8n's MCP Server Trigger: serves the tools connected to it to MCP clients at `/mcp/<path>`. */
export const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';

export interface WebhookResponse {
	readonly status: number;
	readonly body: unknown;
}

/** A failed REST call, with n8n's message. */
export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly path: string,
		message: string,
	) {
		super(`${path} answered ${status}: ${message}`);
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bodyOf(response: Response): Promise<unknown> {
	const text = await response.text();
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export class N8nClient {
	private cookie: string | undefined;

	/**
	 * `webhookBaseUrl` is where production webhooks are served: the instance itself, or in queue
	 * mode its webhook processor.
	 */
	constructor(
		readonly baseUrl: string,
		readonly webhookBaseUrl: string = baseUrl,
	) {}

	private async send(method: string, path: string, body?: unknown): Promise<Response> {
		const call = () =>
			fetch(`${this.baseUrl}${path}`, {
				method,
				headers: {
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
					...(this.cookie ? { cookie: this.cookie } : {}),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		// A kept-alive connection the server has just closed fails the next request; a read is
		// safe to send again, a write is not.
		for (let attempt = 1; ; attempt++) {
			try {
				return await call();
			} catch (error) {
				if (method !== 'GET' || attempt === 3) throw error;
				await sleep(200);
			}
		}
	}

	private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.send(method, path, body);
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const parsed = await bodyOf(response);
		if (!response.ok) {
			const message =
				typeof parsed === 'object' && parsed !== null && 'message' in parsed
					? String(parsed.message)
					: String(parsed).slice(0, 500);
			throw new N8nApiError(response.status, path, message);
		}
		return (parsed as { data: T }).data;
	}

	/** The auth cookie (`n8n-auth=…`) of the signed-in owner, for a browser session. */
	get authCookie(): string | undefined {
		return this.cookie;
	}

	/** Whether the instance still shows the owner setup on first load. */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.request<{ userManagement: { showSetupOnFirstLoad?: boolean } }>(
			'GET',
			'/rest/settings',
		);
		return settings.userManagement.showSetupOnFirstLoad === true;
	}

	/** Creates the owner account (`POST /rest/owner/setup`) and signs in as it. */
	async setUpOwner(owner: Owner): Promise<void> {
		await this.request('POST', '/rest/owner/setup', owner);
	}

	async logIn(owner: Owner): Promise<void> {
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	}

	async listCredentials(): Promise<{ id: string; name: string; type: string }[]> {
		return await this.request('GET', '/rest/credentials');
	}

	/** Stores a credential; n8n encrypts `data` with the instance's key. */
	async createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ id: string; name: string }> {
		return await this.request('POST', '/rest/credentials', credential);
	}

	async listWorkflows(): Promise<{ id: string; name: string; active: boolean }[]> {
		return await this.request('GET', '/rest/workflows');
	}

	async getWorkflow(id: string): Promise<StoredWorkflow> {
		return await this.request('GET', `/rest/workflows/${id}`);
	}

	async createWorkflow(workflow: WorkflowJson): Promise<StoredWorkflow> {
		return await this.request('POST', '/rest/workflows', workflow);
	}

	/**
	 * Publishes the workflow's current version and waits until each of its webhooks answers: n8n
	 * 2.41 activates through an outbox, so `POST /activate` returns before the webhooks are
	 * registered (a call in between gets 404 "webhook is not registered").
	 */
	async activateWorkflow(workflow: StoredWorkflow, timeoutMs = 30_000): Promise<StoredWorkflow> {
		const activated = await this.request<StoredWorkflow>(
			'POST',
			`/rest/workflows/${workflow.id}/activate`,
			{ versionId: workflow.versionId },
		);
		for (const endpoint of liveEndpoints(workflow.nodes)) {
			await this.waitForEndpoint(endpoint, Date.now() + timeoutMs);
		}
		return activated;
	}

	/**
	 * Waits until n8n serves `endpoint`, asking as a browser's CORS preflight does (`OPTIONS`
	 * with the method): it runs nothing, and n8n answers 404 until the webhook is registered,
	 * 204 from then on.
	 */
	async waitForEndpoint(endpoint: LiveEndpoint, deadline: number): Promise<void> {
		const url = `${this.baseUrl}/${endpoint.prefix}/${endpoint.path}`;
		for (;;) {
			const response = await fetch(url, {
				method: 'OPTIONS',
				headers: { origin: this.baseUrl, 'access-control-request-method': endpoint.method },
			});
			const body = await response.text();
			if (response.ok) return;
			if (Date.now() > deadline) {
				throw new Error(
					`${endpoint.method} ${url} is still not served after activation (${response.status}): ${body.slice(0, 200)}`,
				);
			}
			await sleep(100);
		}
	}

	/**
	 * Runs a saved workflow from `triggerNode` as the editor's "Execute workflow" button does
	 * (a manual execution), and returns the execution id.
	 */
	async startManualRun(workflow: StoredWorkflow, triggerNode: string): Promise<string> {
		const result = await this.request<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${workflow.id}/run`,
			{ workflowData: workflow, triggerToStartFrom: { name: triggerNode } },
		);
		if (!result.executionId) {
			throw new Error(`"${workflow.name}" waits for a webhook call instead of running`);
		}
		return result.executionId;
	}

	async getExecution(id: string): Promise<Execution & { finished: boolean }> {
		const raw = await this.request<Omit<Execution, 'data'> & { data: string; finished: boolean }>(
			'GET',
			`/rest/executions/${id}`,
		);
		return { ...raw, data: parseFlatted(raw.data) as IRunExecutionData };
	}

	/** Waits until the execution has ended, whatever its outcome. */
	async waitForExecution(id: string, timeoutMs = 120_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.getExecution(id);
			if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
			if (Date.now() > deadline) throw new Error(`Execution ${id} still ${execution.status}`);
			await sleep(250);
		}
	}

	/** Ids of the workflow's executions, newest first. */
	async executionIds(workflowId: string): Promise<string[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await this.request<{ results: { id: string }[] }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100`,
		);
		return page.results.map((execution) => execution.id);
	}

	/** Calls a published workflow's webhook (`/webhook/<path>`) as an outside system would. */
	async callWebhook(path: string, body: unknown, method = 'POST'): Promise<WebhookResponse> {
		const response = await fetch(`${this.webhookBaseUrl}/webhook/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: method === 'GET' ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: await bodyOf(response) };
	}

	/**
	 * Waits until `/webhook/<path>` is served: in queue mode a workflow published on the main
	 * process reaches the webhook processor a moment later, and until then a call answers 404.
	 * A CORS preflight asks without running the workflow (204 once the path is known).
	 */
	async waitForWebhook(path: string, method = 'POST', timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(`${this.webhookBaseUrl}/webhook/${path}`, {
				method: 'OPTIONS',
				headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
			}).catch(() => undefined);
			if (response?.ok) return;
			if (Date.now() > deadline) throw new Error(`/webhook/${path} is not served after publishing`);
			await sleep(250);
		}
	}

	/** The descriptions n8n serves for the given node types (unknown types are left out). */
	async nodeTypeDescriptions(
		types: readonly { name: string; version: number }[],
	): Promise<{ name: string; displayName: string; icon?: unknown }[]> {
		return await this.request('POST', '/rest/node-types', { nodeInfos: types });
	}
}
