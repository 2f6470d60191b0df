/** The build's identifier, set from FEHRIST_BUILD_ID or the build time (vite.config.ts). */
declare const __FEHRIST_BUILD_ID__: string;

/** The editor's sections of en.json or ur.json, loaded by the json-sections plugin (vite.config.ts). */
declare module '*.json?sections=editor,repeatPicker,reminders' {
  export const editor: Record<string, unknown>;
  export const repeatPicker: Record<string, unknown>;
  export const reminders: Record<string, unknown>;
}

/** The domain key of a ChatKit deployment, from FEHRIST_CHATKIT_DOMAIN_KEY; empty when unset. */
declare const __FEHRIST_CHATKIT_DOMAIN_KEY__: string;

/** The chat panel's section of en.json or ur.json, loaded by the json-sections plugin. */
declare module '*.json?sections=chat' {
  export const chat: Record<string, unknown>;
}

/** The history section of en.json or ur.json, loaded by the json-sections plugin. */
declare module '*.json?sections=history' {
  export const history: Record<string, unknown>;
}
