// Vitest global setup for tests that need PostgreSQL: they read the URL with inject('databaseUrl').
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../scripts/services/postgres.mjs';

export async function setup(project: TestProject) {
  const existingUrl = process.env.TEST_DATABASE_URL;
  if (existingUrl) {
    console.log(`[postgres] using TEST_DATABASE_URL for project ${project.name}`);
    project.provide('databaseUrl', existingUrl);
    return;
  }

  // startPostgres() throws if the server cannot start, so these tests fail instead of being skipped.
  const postgres = await startPostgres();
  project.provide('databaseUrl', postgres.url);
  return () => postgres.stop();
}
