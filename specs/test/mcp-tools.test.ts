// Keeps specs/api/mcp-tools.md and the agent's MCP tools in step. The tools are listed with a
// real MCP `tools/list` request to the server the agent builds, over an in-memory transport.
// The task client is never called, because listing runs no tool.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskMcpServer } from '../../agent/src/mcp/server';
import { TasksClient } from '../../agent/src/tasks/client';
import { inlineCode, readSections } from './support/markdown';

const MCP_SPEC = 'specs/api/mcp-tools.md';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
}

interface ListedTool {
  name: string;
  inputSchema: JsonSchema;
}

let client: Client;
let tools: ListedTool[];

beforeAll(async () => {
  const server = createTaskMcpServer({
    // Port 9 (discard) on loopback: nothing is sent, since no tool runs.
    client: new TasksClient('http://127.0.0.1:9', 'spec-user', 'spec-token'),
    timeZone: 'UTC',
    now: () => new Date('2026-12-04T10:00:00Z'),
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'spec-test', version: '1.0.0' });
  await client.connect(clientSide);
  tools = (await client.listTools()).tools as ListedTool[];
});

afterAll(async () => {
  await client?.close();
});

/** Collects the `###` sections under `## Tools`, one per tool, keyed by the heading. */
function toolSections(): Map<string, string> {
  const sections = readSections(MCP_SPEC);
  const tools = sections.find((section) => section.level === 2 && section.heading === 'Tools');
  if (!tools) throw new Error(`${MCP_SPEC} has no "## Tools" section`);
  return new Map(
    sections
      .filter((section) => section.level === 3 && section.line > tools.line)
      .filter((section) => tools.body.includes(section.body))
      .map((section) => [section.heading.replace(/`/g, ''), section.body]),
  );
}

/** Input field names, with the fields of an object field as `parent.child`. */
function fieldNames(schema: JsonSchema): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => [
    name,
    ...Object.keys(field.properties ?? {}).map((child) => `${name}.${child}`),
  ]);
}

describe('MCP tools spec', () => {
  it('has a section for every listed tool', () => {
    const documented = [...toolSections().keys()];
    expect(tools.length).toBeGreaterThan(0);
    const missing = tools.map((tool) => tool.name).filter((name) => !documented.includes(name));
    expect(missing, `tools without a "### name" section in ${MCP_SPEC}`).toEqual([]);
  });

  it('documents only tools the server lists', () => {
    const listed = tools.map((tool) => tool.name);
    const unknown = [...toolSections().keys()].filter((name) => !listed.includes(name));
    expect(unknown, `sections of ${MCP_SPEC} for tools that tools/list does not return`).toEqual(
      [],
    );
  });

  it('names every input field of each tool', () => {
    const sections = toolSections();
    const unnamed: string[] = [];
    for (const tool of tools) {
      // Words of the section's inline code: `filter.q` and `{rrule, from?}` name their fields.
      const words = new Set(
        inlineCode(sections.get(tool.name) ?? '').flatMap((code) => code.match(/\w+/g) ?? []),
      );
      for (const field of fieldNames(tool.inputSchema)) {
        if (!field.split('.').every((part) => words.has(part)))
          unnamed.push(`${tool.name} ${field}`);
      }
    }
    expect(unnamed, `input fields missing from the tool sections of ${MCP_SPEC}`).toEqual([]);
  });
});
