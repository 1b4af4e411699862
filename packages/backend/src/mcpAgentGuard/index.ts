export {
  isMcpServerPath,
  mcpAgentGuard,
  mcpAgentTokenDigests,
} from './mcpAgentGuard';
