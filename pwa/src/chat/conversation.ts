import type { ParsedCommand, TaskSummary } from '@fehrist/domain';

/** The outcome of one tool call of an online turn, small enough to store and translate later. */
export interface ToolSummary {
  /** The tool result's status: created, updated, listed, ambiguous, error… */
  status: string;
  title?: string;
  count?: number;
}

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** Set on replies made on this device without a connection, whose changes sync later. */
  offline?: boolean;
  tools?: ToolSummary[];
  /** Tasks to choose from, with the command to run on the chosen one (offline replies only). */
  choice?: { command: ParsedCommand; candidates: TaskSummary[]; chosen?: string };
}

/** A user's conversation on this device: the server's id for it and the messages shown. */
export interface StoredConversation {
  /**
   * The agent's thread id (`thr_…`), which the chat endpoint and ChatKit share. It is null
   * before the first online turn.
   */
  conversationID: string | null;
  messages: ChatMessage[];
}

// Older messages are dropped from this device; the server keeps the whole thread.
const MESSAGES_MAX = 100;

function storageKey(userID: string): string {
  return `fehrist.chat.${userID}`;
}

/** Reads the user's conversation, or an empty one when none is stored or it cannot be read. */
export function loadConversation(userID: string): StoredConversation {
  try {
    const raw = localStorage.getItem(storageKey(userID));
    if (raw) {
      const stored = JSON.parse(raw) as Partial<StoredConversation>;
      return {
        conversationID: typeof stored.conversationID === 'string' ? stored.conversationID : null,
        messages: Array.isArray(stored.messages) ? stored.messages : [],
      };
    }
  } catch {
    // Unreadable or unavailable storage starts an empty conversation.
  }
  return { conversationID: null, messages: [] };
}

export function saveConversation(userID: string, conversation: StoredConversation): void {
  const trimmed = { ...conversation, messages: conversation.messages.slice(-MESSAGES_MAX) };
  try {
    localStorage.setItem(storageKey(userID), JSON.stringify(trimmed));
  } catch {
    // Private windows may refuse storage; the conversation then lasts for this page only.
  }
}

/** Deletes the user's conversation from this device, as signing out does with their tasks. */
export function forgetConversation(userID: string): void {
  try {
    localStorage.removeItem(storageKey(userID));
  } catch {
    // See saveConversation().
  }
}
