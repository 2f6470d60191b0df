import {
  type CommandLanguage,
  type ParsedCommand,
  type ParseOptions,
  parseCommand,
  replyFor,
  type ToolOutcome,
} from '@fehrist/domain';

export type { CommandLanguage, ParsedCommand, ToolOutcome };

/**
 * The offline command parser: the domain's, which the browser runs too, or a test double.
 * `parseCommand` turns one message into one tool call, and `replyFor` writes the reply.
 */
export interface CommandParser {
  parseCommand(text: string, options: ParseOptions): ParsedCommand;
  replyFor(command: ParsedCommand, outcome: ToolOutcome | null, language: CommandLanguage): string;
}

export const domainCommandParser: CommandParser = { parseCommand, replyFor };
