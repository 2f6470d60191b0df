import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TaskActions } from '../app/actions';
import { useOnline } from '../app/hooks';
import { createTokenCache, SessionEndedError, TokenRequestError } from '../app/token';
import type { FehristDatabase } from '../store/db';
import { ChatApiError, isNetworkError, postChatMessage } from './chat-api';
import {
  type ChatMessage,
  loadConversation,
  type StoredConversation,
  saveConversation,
} from './conversation';
import type { OfflineAnswer } from './offline-turn';
import { summarizeToolCalls } from './tool-summary';

export interface ChatDependencies {
  db: FehristDatabase;
  actions: TaskActions;
  userID: string;
  userZone: string;
}

/** An error to show under the conversation: an i18n key with its values, and what to resend. */
export interface ChatProblem {
  key: string;
  values: Record<string, string | number>;
  retryText: string;
}

function newMessage(fields: Omit<ChatMessage, 'id' | 'at'>): ChatMessage {
  return { id: crypto.randomUUID(), at: Date.now(), ...fields };
}

function offlineMessage(answer: OfflineAnswer): ChatMessage {
  return newMessage({
    role: 'assistant',
    text: answer.reply,
    offline: true,
    ...(answer.candidates.length > 0
      ? { choice: { command: answer.command, candidates: answer.candidates } }
      : {}),
  });
}

function describeProblem(error: unknown): Omit<ChatProblem, 'retryText'> {
  if (error instanceof SessionEndedError) return { key: 'chat.errors.session', values: {} };
  if (error instanceof TokenRequestError) {
    return { key: 'chat.errors.unavailable', values: { status: error.status } };
  }
  if (error instanceof ChatApiError) {
    const { status } = error;
    if (status === 401) return { key: 'chat.errors.session', values: {} };
    if (status === 429) return { key: 'chat.errors.rateLimited', values: {} };
    if (error.code === 'agent_failed') return { key: 'chat.errors.agentFailed', values: {} };
    if (status >= 500) return { key: 'chat.errors.unavailable', values: { status } };
    return { key: 'chat.errors.rejected', values: { status, detail: error.detail ?? '' } };
  }
  return { key: 'chat.errors.unexpected', values: { message: String(error) } };
}

/**
 * The built-in panel's conversation. Online, each message is a turn of the agent's chat
 * endpoint. Offline, or when the request fails for want of a network, the command parser runs
 * in the browser and its command becomes queued mutations on this device.
 *
 * Every change is written to localStorage at once, so a reply that arrives after the panel
 * closed is still there when it opens again.
 */
export function useChat({ db, actions, userID, userZone }: ChatDependencies) {
  const [conversation, setConversation] = useState<StoredConversation>(() =>
    loadConversation(userID),
  );
  const latest = useRef(conversation);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ChatProblem | null>(null);
  const online = useOnline();
  const [networkFailed, setNetworkFailed] = useState(false);
  const tokens = useMemo(() => createTokenCache(), []);

  // A request that failed for want of a network counts as offline until the browser reports
  // being online again.
  useEffect(() => {
    if (online) setNetworkFailed(false);
  }, [online]);

  const update = useCallback(
    (change: (current: StoredConversation) => StoredConversation) => {
      latest.current = change(latest.current);
      saveConversation(userID, latest.current);
      setConversation(latest.current);
    },
    [userID],
  );

  const append = useCallback(
    (message: ChatMessage) =>
      update((current) => ({ ...current, messages: [...current.messages, message] })),
    [update],
  );

  const answerLocally = useCallback(
    async (text: string) => {
      const { answerOffline } = await import('./offline-turn');
      const answer = await answerOffline(text, {
        db,
        actions,
        now: new Date(),
        timeZone: userZone,
      });
      append(offlineMessage(answer));
    },
    [db, actions, userZone, append],
  );

  const answerOnline = useCallback(
    async (text: string) => {
      const turn = await postChatMessage(tokens.fetch, userID, {
        conversationID: latest.current.conversationID,
        message: text,
        timeZone: userZone,
      });
      update((current) => ({ ...current, conversationID: turn.conversation_id }));
      append(
        newMessage({
          role: 'assistant',
          text: turn.response,
          tools: summarizeToolCalls(turn.tool_calls),
        }),
      );
    },
    [tokens, userID, userZone, update, append],
  );

  const send = useCallback(
    async (text: string, options: { retry?: boolean } = {}) => {
      setProblem(null);
      if (!options.retry) append(newMessage({ role: 'user', text }));
      setBusy(true);
      try {
        if (!navigator.onLine) {
          await answerLocally(text);
          return;
        }
        try {
          await answerOnline(text);
          setNetworkFailed(false);
        } catch (error) {
          if (!isNetworkError(error)) throw error;
          // NOTE: a request can fail after the server received it. A command sent just as the
          // connection dropped may then run on the server and here too, which can duplicate a
          // task but never loses one.
          setNetworkFailed(true);
          await answerLocally(text);
        }
      } catch (error) {
        if (!(error instanceof ChatApiError) && !(error instanceof SessionEndedError)) {
          console.error('[chat] the message failed', error);
        }
        setProblem({ ...describeProblem(error), retryText: text });
      } finally {
        setBusy(false);
      }
    },
    [append, answerLocally, answerOnline],
  );

  /** Runs an offline answer's command on the task the user chose from its candidates. */
  const choose = useCallback(
    async (messageID: string, taskID: string) => {
      const message = latest.current.messages.find((candidate) => candidate.id === messageID);
      const choice = message?.choice;
      if (!choice || choice.chosen) return;
      update((current) => ({
        ...current,
        messages: current.messages.map((candidate) =>
          candidate.id === messageID
            ? { ...candidate, choice: { ...choice, chosen: taskID } }
            : candidate,
        ),
      }));
      setBusy(true);
      try {
        const { answerChoice } = await import('./offline-turn');
        append(
          offlineMessage(
            await answerChoice(choice.command, taskID, { db, actions, now: new Date() }),
          ),
        );
      } finally {
        setBusy(false);
      }
    },
    [db, actions, update, append],
  );

  const startOver = useCallback(() => {
    setProblem(null);
    update(() => ({ conversationID: null, messages: [] }));
  }, [update]);

  return {
    messages: conversation.messages,
    busy,
    problem,
    offline: !online || networkFailed,
    send,
    choose,
    startOver,
  };
}
