// An MCP client of n8n's MCP Server Trigger, as an AI application would connect: the official
// SDK over Streamable HTTP to the trigger's production URL (`/mcp/<path>`).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface McpTool {
	readonly name: string;
	readonly description: string;
	/** The tool's parameters: name → description (`*` after a required one's name). */
	readonly parameters: Readonly<Record<string, string>>;
}

export interface McpToolResult {
	readonly isError: boolean;
	/** The text the tool answered (n8n sends the node's output items as JSON text). */
	readonly text: string;
}

export interface McpSession {
	listTools(): Promise<McpTool[]>;
	callTool(name: string, args: Record<string, unknown>): Promise<McpToolResult>;
	close(): Promise<void>;
}

interface JsonSchemaObject {
	readonly properties?: Record<string, { description?: string }>;
	readonly required?: readonly string[];
}

/** Connects to the MCP server at `url` (e.g. `http://127.0.0.1:5678/mcp/interaction-log`). */
export async function connectMcp(url: string): Promise<McpSession> {
	const client = new Client({ name: 'n8n-nodes-interaction-log', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(new URL(url)));
	return {
		async listTools() {
			const { tools } = await client.listTools();
			return tools.map((tool) => {
				const schema = tool.inputSchema as JsonSchemaObject;
				const required = new Set(schema.required ?? []);
				const parameters = Object.fromEntries(
					Object.entries(schema.properties ?? {}).map(([name, property]) => [
						required.has(name) ? `${name}*` : name,
						property.description ?? '',
					]),
				);
				return { name: tool.name, description: tool.description ?? '', parameters };
			});
		},
		async callTool(name, args) {
			const result = await client.callTool({ name, arguments: args });
			const content = (result.content ?? []) as { type: string; text?: string }[];
			const text = content
				.filter((part) => part.type === 'text')
				.map((part) => part.text ?? '')
				.join('\n');
			return { isError: result.isError === true, text };
		},
		close: () => client.close(),
	};
}

/** The tools as lines for a log or test output: name, description, then each parameter. */
export function describeTools(tools: readonly McpTool[]): string[] {
	return tools.flatMap((tool) => [
		`${tool.name}: ${tool.description}`,
		...Object.entries(tool.parameters).map(([name, description]) => `    ${name}: ${description}`),
	]);
}
