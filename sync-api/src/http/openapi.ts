import {
  PullRequestSchema,
  PushRequestSchema,
  TaskCreateSchema,
  TaskPatchSchema,
} from '@fehrist/domain';
import { z } from 'zod';

type Operation = {
  summary: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
};

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });

const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: ref } } } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const userId = { name: 'user_id', in: 'path', required: true, schema: { type: 'string' } };
const taskId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const subscriptionId = {
  name: 'subscription_id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const sourceHeader = {
  name: 'X-Fehrist-Source',
  in: 'header',
  required: false,
  schema: { type: 'string', enum: ['rest', 'chat'], default: 'rest' },
  description: 'Where the change comes from, as the task history shows it; the agent sends chat',
};
const query = (name: string, schema: unknown, description: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});

const authErrors = {
  '401': problem('No valid session cookie or bearer token'),
  '403': problem('The path names another user'),
};

const listParameters = [
  userId,
  query('status', { type: 'string', enum: ['all', 'pending', 'completed'] }, 'Completion state'),
  query(
    'priority',
    { type: 'array', items: { type: 'string', enum: ['none', 'low', 'medium', 'high'] } },
    'Repeat or separate with commas',
  ),
  query(
    'tag',
    { type: 'array', items: { type: 'string' } },
    'Tasks with every tag given, compared case-insensitively',
  ),
  query(
    'q',
    { type: 'string', maxLength: 200 },
    'Text in the title or description, case-insensitive',
  ),
  query('due_from', { type: 'string', format: 'date' }, 'Due on or after this date'),
  query('due_to', { type: 'string', format: 'date' }, 'Due on or before this date'),
  query(
    'overdue',
    { type: 'boolean' },
    'Only tasks due before now in their own zone and not completed',
  ),
  query(
    'sort',
    { type: 'string', enum: ['created', 'updated', 'title', 'due', 'priority'] },
    'Sort field; ties break by id',
  ),
  query('order', { type: 'string', enum: ['asc', 'desc'] }, 'Sort direction'),
  query('limit', { type: 'integer', minimum: 1, maximum: 500 }, 'Page size, 100 by default'),
  query('cursor', { type: 'string' }, 'next_cursor of the previous page'),
];

/** Operations by OpenAPI path and method; the router's routes are checked against it in tests. */
export const OPERATIONS: Record<string, Record<string, Operation>> = {
  '/healthz': {
    get: {
      summary: 'The process is up',
      responses: { '200': { description: 'ok' } },
      security: [],
    },
  },
  '/readyz': {
    get: {
      summary: 'The database answers',
      responses: { '200': { description: 'ready' }, '503': problem('The database is unreachable') },
      security: [],
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics of this process, in the text exposition format',
      responses: {
        '200': {
          description: 'Metrics whose names start with fehrist_sync_api_, and Node process metrics',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        '404': problem('The request came through a proxy (X-Forwarded-For or Forwarded is set)'),
      },
      security: [],
    },
  },
  '/api/openapi.json': {
    get: {
      summary: 'This document',
      responses: { '200': { description: 'OpenAPI 3.0 document' } },
      security: [],
    },
  },
  '/api/{user_id}/tasks': {
    get: {
      summary: 'List tasks with filters, sort and paging',
      parameters: listParameters,
      responses: {
        '200': json('#/components/schemas/TaskPage'),
        '422': problem('A parameter is invalid'),
        ...authErrors,
      },
    },
    post: {
      summary: 'Create a task; sending an existing id again returns that task',
      parameters: [userId, sourceHeader],
      requestBody: json('#/components/schemas/TaskCreate'),
      responses: {
        '201': json('#/components/schemas/Task'),
        '200': json('#/components/schemas/Task'),
        '422': problem('A field is invalid'),
        ...authErrors,
      },
    },
  },
  '/api/{user_id}/tasks/{id}': {
    get: {
      summary: 'Read one task',
      parameters: [userId, taskId],
      responses: {
        '200': json('#/components/schemas/Task'),
        '404': problem('No such task of this user'),
        ...authErrors,
      },
    },
    put: {
      summary: 'Change the fields given; the others stay',
      parameters: [userId, taskId, sourceHeader],
      requestBody: json('#/components/schemas/TaskPatch'),
      responses: {
        '200': json('#/components/schemas/Task'),
        '404': problem('No such task of this user'),
        '422': problem('A field is invalid'),
        ...authErrors,
      },
    },
    delete: {
      summary: 'Delete a task (kept as a tombstone for sync)',
      parameters: [userId, taskId, sourceHeader],
      responses: {
        '204': { description: 'deleted' },
        '404': problem('No such task of this user'),
        ...authErrors,
      },
    },
  },
  '/api/{user_id}/tasks/{id}/complete': {
    patch: {
      summary: 'Set completed from the body, or toggle it when the body is empty',
      parameters: [userId, taskId, sourceHeader],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: { type: 'object', properties: { completed: { type: 'boolean' } } },
          },
        },
      },
      responses: {
        '200': json('#/components/schemas/Task'),
        '404': problem('No such task of this user'),
        ...authErrors,
      },
    },
  },
  '/api/{user_id}/sync/push': {
    post: {
      summary: 'Apply mutations in order, once each',
      parameters: [userId],
      requestBody: json('#/components/schemas/PushRequest'),
      responses: {
        '200': json('#/components/schemas/PushResponse'),
        '409': problem('A mutation id left a gap, or a client moved group'),
        '422': problem('The body is not a push request'),
        ...authErrors,
      },
    },
  },
  '/api/{user_id}/sync/pull': {
    post: {
      summary: 'Changes since the cookie',
      parameters: [userId],
      requestBody: json('#/components/schemas/PullRequest'),
      responses: {
        '200': json('#/components/schemas/PullResponse'),
        '422': problem('The body is not a pull request'),
        ...authErrors,
      },
    },
  },
  '/api/{user_id}/sync/events': {
    get: {
      summary: 'Server-sent events: `poke` with {version} after each change of this user',
      parameters: [userId],
      responses: { '200': { description: 'text/event-stream' }, ...authErrors },
    },
  },
  '/api/push/vapid-public-key': {
    get: {
      summary: 'The VAPID public key to pass as applicationServerKey to pushManager.subscribe',
      responses: { '200': json('#/components/schemas/VapidPublicKey') },
      security: [],
    },
  },
  '/api/{user_id}/push-subscriptions': {
    get: {
      summary: "This user's Web Push subscriptions",
      parameters: [userId],
      responses: { '200': json('#/components/schemas/PushSubscriptionList'), ...authErrors },
    },
    post: {
      summary: "Save the browser's PushSubscription; one row per endpoint, moved to this user",
      parameters: [userId],
      requestBody: json('#/components/schemas/PushSubscriptionInput'),
      responses: {
        '201': json('#/components/schemas/SavedPushSubscription'),
        '200': json('#/components/schemas/SavedPushSubscription'),
        '422': problem('A field is invalid, or the endpoint is not an https:// push service'),
        ...authErrors,
      },
    },
  },
  '/api/{user_id}/push-subscriptions/{subscription_id}': {
    delete: {
      summary: 'Delete one subscription',
      parameters: [userId, subscriptionId],
      responses: {
        '204': { description: 'deleted' },
        '404': problem('No such subscription of this user'),
        ...authErrors,
      },
    },
  },
};

const PushSubscriptionSchemas = {
  VapidPublicKey: {
    type: 'object',
    required: ['key'],
    properties: {
      key: { type: 'string', description: 'Uncompressed P-256 public key, base64url' },
    },
  },
  PushSubscriptionInput: {
    type: 'object',
    required: ['endpoint', 'keys'],
    description: 'PushSubscription.toJSON() as the browser returns it',
    properties: {
      endpoint: { type: 'string', format: 'uri', maxLength: 2048, pattern: '^https://' },
      expirationTime: { type: 'number', nullable: true },
      keys: {
        type: 'object',
        required: ['p256dh', 'auth'],
        properties: {
          p256dh: { type: 'string', description: 'P-256 public key, 65 bytes, base64url' },
          auth: { type: 'string', description: 'Authentication secret, 16 bytes, base64url' },
        },
      },
      language: {
        type: 'string',
        nullable: true,
        maxLength: 35,
        pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
        description:
          'BCP 47 tag of the interface language that notifications to this device are written in; kept when absent',
      },
      previous_endpoint: {
        type: 'string',
        maxLength: 2048,
        description:
          'The endpoint this subscription replaces (pushsubscriptionchange); its row of the same user is deleted and its language kept',
      },
    },
  },
  SavedPushSubscription: {
    type: 'object',
    required: ['id', 'endpoint', 'created_at'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      endpoint: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
    },
  },
  PushSubscriptionList: {
    type: 'object',
    properties: {
      subscriptions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            endpoint: { type: 'string' },
            user_agent: { type: 'string', nullable: true },
            language: { type: 'string', nullable: true },
            created_at: { type: 'string', format: 'date-time' },
            updated_at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
};

const TaskSchema = {
  type: 'object',
  required: [
    'id',
    'title',
    'description',
    'completed',
    'completed_at',
    'priority',
    'tags',
    'due_date',
    'due_time',
    'time_zone',
    'due_at',
    'created_at',
    'updated_at',
    'version',
    'deleted',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 1000 },
    completed: { type: 'boolean' },
    completed_at: { type: 'string', format: 'date-time', nullable: true },
    priority: { type: 'string', enum: ['none', 'low', 'medium', 'high'] },
    tags: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 30 },
    due_date: { type: 'string', format: 'date', nullable: true },
    due_time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', nullable: true },
    time_zone: { type: 'string', description: 'IANA time-zone name' },
    due_at: { type: 'string', format: 'date-time', nullable: true, readOnly: true },
    recurrence: {
      type: 'object',
      nullable: true,
      properties: {
        rrule: {
          type: 'string',
          description:
            'RFC 5545 RRULE subset: FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, UNTIL, COUNT',
        },
        from: { type: 'string', enum: ['due', 'completion'] },
        anchor_date: { type: 'string', format: 'date', readOnly: true },
        occurrence: { type: 'integer', readOnly: true },
      },
    },
    reminders: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        properties: {
          minutes_before: { type: 'integer', minimum: 0, maximum: 40320 },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
    deleted: { type: 'boolean' },
  },
};

/** Builds the OpenAPI 3.0 document of the sync API. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Fehrist sync API',
      version: '0.1.0',
      description:
        'Tasks over REST and the push/pull sync protocol. Authentication routes live under /api/auth (Better Auth).',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { session: [] }],
    paths: OPERATIONS,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
      },
      schemas: {
        Task: TaskSchema,
        TaskCreate: withOptionalId(jsonSchema(TaskCreateSchema)),
        TaskPatch: jsonSchema(TaskPatchSchema),
        TaskPage: {
          type: 'object',
          properties: {
            tasks: { type: 'array', items: { $ref: '#/components/schemas/Task' } },
            next_cursor: { type: 'string', nullable: true },
          },
        },
        PushRequest: jsonSchema(PushRequestSchema),
        PushResponse: {
          type: 'object',
          properties: { rejected: { type: 'array', items: { type: 'object' } } },
        },
        PullRequest: jsonSchema(PullRequestSchema),
        PullResponse: {
          type: 'object',
          properties: {
            cookie: { type: 'integer' },
            lastMutationIDChanges: { type: 'object', additionalProperties: { type: 'integer' } },
            patch: { type: 'array', items: { type: 'object' } },
          },
        },
        ...PushSubscriptionSchemas,
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}

/** REST creates may leave the id out; the server then makes one. */
function withOptionalId(schema: Record<string, unknown>) {
  const required = Array.isArray(schema.required) ? schema.required : [];
  return { ...schema, required: required.filter((field) => field !== 'id') };
}
