export type { ModelFactory } from './model/select-model';
export { type AgentService, type AgentServiceOptions, createAgentService } from './service';
export type { ConversationStore } from './store/types';
