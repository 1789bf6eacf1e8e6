import type { ExecutionLifecycleHooks } from 'n8n-core';
import { ExternalSecretsProxy } from 'n8n-core';
import type {
	CredentialInformation,
	ICredentialDataDecryptedObject,
	IDataObject,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/** Credential data by credential type name, e.g. `{ interactionLogDatabaseApi: { host } }`. */
export type CredentialData = Record<string, IDataObject>;

const unsupported = (what: string) => () => {
	throw new Error(`${what} is not supported by the test harness`);
};

// Stored n8n credentials never hold null/undefined; dropping them gives the decrypted shape.
const isCredentialValue = (value: unknown): value is CredentialInformation =>
	value !== undefined && value !== null;

/** Hands nodes the plain credential data given to the harness, keyed by credential type. */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: CredentialData) {
		super();
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No credential data given to the harness for "${type}"`);
		const decrypted: ICredentialDataDecryptedObject = {};
		for (const [key, value] of Object.entries(structuredClone(data))) {
			if (isCredentialValue(value)) decrypted[key] = value;
		}
		return decrypted;
	}

	// Nodes doing their own I/O only reach getDecrypted (no n8n HTTP auth, no OAuth).
	getParentTypes = () => [];
	getCredentialsProperties = () => [];
	authenticate = unsupported('authenticate');
	preAuthentication = unsupported('preAuthentication');
	getCredentials = unsupported('getCredentials');
	updateCredentials = unsupported('updateCredentials');
	updateCredentialsOauthTokenData = unsupported('updateCredentialsOauthTokenData');
}

/** What the n8n server would give the engine; sub-workflows and task runners are stubbed out. */
export function additionalDataFor(
	hooks: ExecutionLifecycleHooks,
	credentials: CredentialData,
): IWorkflowExecuteAdditionalData {
	const url = 'http://localhost:5678';
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		currentNodeParameters: undefined, // makes n8n read parameters from the node itself
		currentNodeExecutionIndex: 0,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		restApiUrl: `${url}/rest`,
		instanceBaseUrl: url,
		formWaitingBaseUrl: `${url}/form-waiting`,
		webhookBaseUrl: `${url}/webhook`,
		webhookTestBaseUrl: `${url}/webhook-test`,
		webhookWaitingBaseUrl: `${url}/webhook-waiting`,
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: unsupported('getRunExecutionData'),
		startRunnerTask: unsupported('startRunnerTask'),
		logAiEvent: () => {},
	};
}
