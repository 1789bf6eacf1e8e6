import { executionError } from '../../scripts/real-n8n/executions';
import {
	connectMcp,
	describeTools,
	type McpSession,
	type McpTool,
} from '../../scripts/real-n8n/mcp';
import { startInstance, type E2eInstance } from './support/instance';
import { E2E_RELEASES } from './support/releases';
import { exampleOf, runFromTrigger } from './support/runs';

const MCP_EXAMPLE = 'ai-tools-mcp.json';
const SETUP_EXAMPLE = 'setup-configuration.json';

/** What the tool answered: n8n sends the node's output items as JSON text. */
function entriesOf(text: string): Record<string, unknown>[] {
	const parsed: unknown = JSON.parse(text);
	const list = Array.isArray(parsed) ? parsed : [parsed];
	return list.map((item) =>
		item && typeof item === 'object' && 'json' in item
			? (item.json as Record<string, unknown>)
			: item,
	);
}

/** Words of n8n's or this package's inside that an agent should not have to read. */
const INTERNAL_WORDS = /\b(n8n|node|item|items|workflow|fromAI|knex|pglite|schema|idempotency)\b/i;

describe.each(E2E_RELEASES.map((release) => [release.label, release] as const))(
	"%s: the nodes as AI tools over MCP (n8n's MCP Server Trigger, a real MCP client)",
	(_label, release) => {
		let n8n: E2eInstance;
		let mcp: McpSession;
		let tools: McpTool[];

		beforeAll(async () => {
			const examples = [exampleOf(SETUP_EXAMPLE), exampleOf(MCP_EXAMPLE)];
			if (examples.some((example) => example === undefined)) {
				throw new Error(`examples/${SETUP_EXAMPLE} and examples/${MCP_EXAMPLE} are needed`);
			}
			n8n = await startInstance(
				'mcp-tools',
				release,
				'pglite',
				examples.flatMap((e) => e ?? []),
			);
			// The templates and contacts the tools work with.
			expect(executionError(await runFromTrigger(n8n, SETUP_EXAMPLE))).toBeUndefined();
			await n8n.client.activateWorkflow(n8n.workflow(MCP_EXAMPLE));
			mcp = await connectMcp(`${n8n.server.url}/mcp/interaction-log`);
			tools = await mcp.listTools();
			process.stdout.write(
				`\nMCP tools of ${MCP_EXAMPLE} on ${release.label}:\n${describeTools(tools)
					.map((line) => `  ${line}`)
					.join('\n')}\n\n`,
			);
		});

		afterAll(async () => {
			await mcp?.close();
			await n8n?.cleanUp();
		});

		it('lists Record Interaction, Query Log and Cancel Interaction as three tools an agent can read', () => {
			expect(tools.map((tool) => tool.name).sort()).toEqual([
				'cancel_interaction',
				'find_interactions',
				'record_interaction',
			]);
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			expect(Object.keys(byName.record_interaction.parameters).sort()).toEqual([
				'contactNo*',
				'kind*',
				'occurredAt',
				'summary*',
			]);
			expect(Object.keys(byName.find_interactions.parameters)).toEqual(['contactNo*']);
			expect(Object.keys(byName.cancel_interaction.parameters).sort()).toEqual([
				'entryNo*',
				'reason',
			]);
			for (const tool of tools) {
				expect(tool.description).toMatch(/^[A-Z].{40,}\.$/);
				expect(tool.description).not.toMatch(INTERNAL_WORDS);
				for (const description of Object.values(tool.parameters)) {
					expect(description.length).toBeGreaterThan(10);
					expect(description).not.toMatch(INTERNAL_WORDS);
				}
			}
		});

		it('records an interaction, reads it back and cancels it, through the tools', async () => {
			const summary = `Discussed the renewal by phone (MCP, n8n ${release.version})`;
			const recorded = await mcp.callTool('record_interaction', {
				contactNo: 'CT101',
				kind: 'OUTCALL',
				summary,
			});
			expect(recorded.isError).toBe(false);
			const [entry] = entriesOf(recorded.text);
			expect(entry).toMatchObject({
				contactNo: 'CT101',
				templateCode: 'OUTCALL',
				description: summary,
				recordedBy: 'AI assistant',
				canceled: false,
			});
			const entryNo = Number(entry.entryNo);
			expect(entryNo).toBeGreaterThan(0);

			const found = await mcp.callTool('find_interactions', { contactNo: 'CT101' });
			expect(found.isError).toBe(false);
			expect(entriesOf(found.text)).toContainEqual(
				expect.objectContaining({ entryNo, description: summary, canceled: false }),
			);

			const canceled = await mcp.callTool('cancel_interaction', {
				entryNo,
				reason: 'Logged by mistake',
			});
			expect(canceled.isError).toBe(false);
			expect(entriesOf(canceled.text)).toEqual([
				expect.objectContaining({ entryNo, canceled: true, changed: true }),
			]);

			const after = await mcp.callTool('find_interactions', { contactNo: 'CT101' });
			expect(entriesOf(after.text)).toContainEqual(
				expect.objectContaining({ entryNo, canceled: true, canceledBy: 'AI assistant' }),
			);
		});
	},
);
