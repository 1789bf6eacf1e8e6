export { closeHarness } from './close-harness';
export type { CredentialData } from './additional-data';
export { INPUT_NODE_TYPE } from './input-node';
export type { NodeTypeClass, NodeTypeMap } from './node-types';
export { nodeTypesOf, TestNodeTypes } from './node-types';
export type { HarnessError } from './results';
export { errorOf, outputOf } from './results';
export type { RunOptions, WorkflowJson } from './run-workflow';
export { runWorkflow } from './run-workflow';
