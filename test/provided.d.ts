// Values that the global setup files in test/ pass to tests through inject().
// The import loads vitest's own declarations, which this augmentation merges into.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test database, for example postgres://postgres@127.0.0.1:5432/fehrist_test. */
    databaseUrl: string;
    /** Path of the Chromium executable for Playwright's executablePath. */
    chromiumPath: string;
    /** Bootstrap address of the test Kafka broker, for example 127.0.0.1:9092. */
    kafkaBrokers: string;
  }
}
