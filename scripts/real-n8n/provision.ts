// Makes a running n8n ready to try the package: an owner, the "Interaction Log Database"
// credential and the example workflows. Idempotent: a second run reuses what is there.
import { CREDENTIAL_TYPE, forImport, type Example } from './examples';
import type { N8nClient, Owner, StoredWorkflow } from './rest';

export const CREDENTIAL_NAME = 'Interaction Log Database';

/** The login the demo prints; the instance listens on localhost only. */
export const DEMO_OWNER: Owner = {
	email: 'demo@example.com',
	password: 'Interactions-2026',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface ProvisionOptions {
	readonly owner: Owner;
	/** The credential's fields, e.g. `{ mode: 'embedded', dataDirectory, schema }`. */
	readonly credentialData: Record<string, unknown>;
	readonly examples: readonly Example[];
}

export interface Provisioned {
	readonly credential: { readonly id: string; readonly name: string };
	/** The stored workflow of each example, by file name. */
	readonly workflows: ReadonlyMap<string, StoredWorkflow>;
}

/** Sets up (or signs in as) the owner, then adds the credential and any example not there yet. */
export async function provision(
	client: N8nClient,
	options: ProvisionOptions,
): Promise<Provisioned> {
	if (await client.needsOwnerSetup()) await client.setUpOwner(options.owner);
	else await client.logIn(options.owner);

	const existing = (await client.listCredentials()).find(
		(credential) => credential.type === CREDENTIAL_TYPE && credential.name === CREDENTIAL_NAME,
	);
	const credential = existing
		? { id: existing.id, name: existing.name }
		: await client.createCredential({
				name: CREDENTIAL_NAME,
				type: CREDENTIAL_TYPE,
				data: options.credentialData,
			});

	const stored = new Map(
		(await client.listWorkflows()).map((workflow) => [workflow.name, workflow]),
	);
	const workflows = new Map<string, StoredWorkflow>();
	for (const example of options.examples) {
		const found = stored.get(example.workflow.name);
		workflows.set(
			example.file,
			found
				? await client.getWorkflow(found.id)
				: await client.createWorkflow(forImport(example, credential)),
		);
	}
	return { credential, workflows };
}
