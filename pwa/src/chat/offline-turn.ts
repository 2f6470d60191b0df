import {
  type ParsedCommand,
  parseCommand,
  replyFor,
  type TaskSummary,
  type ToolOutcome,
} from '@fehrist/domain';
import { executeCommand, type OfflineContext, type ToolCommand } from './offline-executor';

/** The result of a command handled on this device, as the panel shows it. */
export interface OfflineAnswer {
  command: ParsedCommand;
  /** Null for a command that was not understood; nothing changed then. */
  outcome: ToolOutcome | null;
  /** The reply in the message's language (English, Urdu script or Roman Urdu). */
  reply: string;
  /** The tasks to choose from when several fit the command's words. */
  candidates: TaskSummary[];
}

/**
 * Handles one message without a connection: the domain's command parser reads it in the
 * user's zone, the command runs against the tasks on this device, and the reply is phrased
 * from what it did.
 */
export async function answerOffline(
  message: string,
  context: OfflineContext & { timeZone: string },
): Promise<OfflineAnswer> {
  const command = parseCommand(message, { now: context.now, timeZone: context.timeZone });
  const outcome = command.tool === 'unknown' ? null : await executeCommand(command, context);
  return answerFor(command, outcome);
}

/**
 * Runs a command again on the one task the user chose from its candidates. Choosing is the
 * confirmation, so the command then acts on that task alone.
 */
export async function answerChoice(
  command: ParsedCommand,
  taskID: string,
  context: OfflineContext,
): Promise<OfflineAnswer> {
  const chosen = withTask(command, taskID);
  return answerFor(chosen, await executeCommand(chosen, context));
}

function withTask(command: ParsedCommand, taskID: string): ToolCommand {
  switch (command.tool) {
    case 'complete_task':
    case 'delete_task':
    case 'update_task':
    case 'set_reminder':
      return { ...command, args: { ...command.args, match: { id: taskID } } } as ToolCommand;
    default:
      throw new Error(`a ${command.tool} command names no task to choose`);
  }
}

function answerFor(command: ParsedCommand, outcome: ToolOutcome | null): OfflineAnswer {
  return {
    command,
    outcome,
    reply: replyFor(command, outcome, command.language),
    candidates: outcome?.kind === 'candidates' ? outcome.tasks : [],
  };
}
