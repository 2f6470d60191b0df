// Vitest global setup for browser tests: they read the path with inject('chromiumPath').
import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../scripts/services/chromium.mjs';

export function setup(project: TestProject) {
  project.provide('chromiumPath', ensureChromium());
}
