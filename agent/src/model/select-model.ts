import { type Model, OpenAIProvider } from '@openai/agents';
import { moduleLogger } from '../logger';
import { domainCommandParser } from './command-parser';
import { OfflineCommandModel } from './offline-model';

const log = moduleLogger('model');

/** The model for one chat turn; the offline model needs the caller's zone and the clock. */
export type ModelFactory = (turn: { timeZone: string; now: () => Date }) => Model | Promise<Model>;

export interface ModelSettingsFromEnv {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL: string;
}

/**
 * Chooses the chat model: an OpenAI-compatible server when OPENAI_BASE_URL is set (through
 * Chat Completions, which such servers share), OpenAI's Responses API with OPENAI_API_KEY,
 * and otherwise the offline command model.
 */
export function modelFromConfig(config: ModelSettingsFromEnv): {
  kind: 'openai' | 'openai-compatible' | 'offline';
  create: ModelFactory;
} {
  if (config.OPENAI_BASE_URL) {
    // Local servers often need no key, but the OpenAI client refuses to start without one.
    const provider = new OpenAIProvider({
      apiKey: config.OPENAI_API_KEY ?? 'not-needed',
      baseURL: config.OPENAI_BASE_URL,
      useResponses: false,
    });
    log.info(
      { model: config.OPENAI_MODEL, baseUrl: config.OPENAI_BASE_URL },
      'chat model: OpenAI-compatible server',
    );
    return { kind: 'openai-compatible', create: () => provider.getModel(config.OPENAI_MODEL) };
  }

  if (config.OPENAI_API_KEY) {
    const provider = new OpenAIProvider({ apiKey: config.OPENAI_API_KEY, useResponses: true });
    log.info({ model: config.OPENAI_MODEL }, 'chat model: OpenAI');
    return { kind: 'openai', create: () => provider.getModel(config.OPENAI_MODEL) };
  }

  log.info('chat model: offline command model (no OPENAI_API_KEY or OPENAI_BASE_URL)');
  return {
    kind: 'offline',
    create: (turn) =>
      new OfflineCommandModel({
        parser: domainCommandParser,
        timeZone: turn.timeZone,
        now: turn.now,
      }),
  };
}
