import { Container } from '@n8n/di';

let engineUsed = false;

/** Called by runWorkflow: from then on n8n-core holds services that closeHarness must stop. */
export function markEngineUsed(): void {
	engineUsed = true;
}

/**
 * Releases what n8n-core leaves open after a run, so Jest can exit. Every node execute context
 * pulls the SSHClientsManager singleton from the DI container, and its constructor starts a
 * 60 s `setInterval` that only `onShutdown()` (normally run on process exit) clears.
 * Call from `afterAll`; it is a no-op in files that ran no workflow.
 */
export async function closeHarness(): Promise<void> {
	if (!engineUsed) return; // don't load n8n-core just to stop nothing
	engineUsed = false;
	// Not re-exported by n8n-core's index, so import it from its module.
	const { SSHClientsManager } = await import('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager).onShutdown();
}
