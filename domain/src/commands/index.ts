export { detectLanguage, MAX_COMMAND_LENGTH, parseCommand } from './parse-command';
export { replyFor, type TaskSummary, type ToolOutcome } from './reply';
export * from './types';
