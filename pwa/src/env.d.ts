/** The build's identifier, set from FEHRIST_BUILD_ID or the build time (vite.config.ts). */
declare const __FEHRIST_BUILD_ID__: string;

/** The editor's sections of en.json or ur.json, loaded by the json-sections plugin (vite.config.ts). */
declare module '*.json?sections=editor,repeatPicker,reminders' {
  export const editor: Record<string, unknown>;
  export const repeatPicker: Record<string, unknown>;
  export const reminders: Record<string, unknown>;
}
