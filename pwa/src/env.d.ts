/** The build's identifier, set from FEHRIST_BUILD_ID or the build time (vite.config.ts). */
declare const __FEHRIST_BUILD_ID__: string;
