import { randomUUID } from 'node:crypto';
import {
  issuesFromZod,
  MutationError,
  type Task,
  TaskCreateSchema,
  type TaskEventSource,
} from '@fehrist/domain';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { TaskEntity } from '../db/entities';
import { HttpError, invalid, notFound } from '../http/errors';
import { runUserWrite, type UserWrite, type WriteContext } from '../sync/user-write';
import { listTasks } from './list';
import { parseListQuery } from './query-params';
import { rowToTask } from './task-row';

/** The REST routes over tasks; each write runs the same domain mutators as sync push. */
export function registerTaskRoutes(router: Router, context: WriteContext): void {
  router.get('/api/:user_id/tasks', async (ctx) => {
    const { query, page } = parseListQuery(ctx.query);
    const em = context.orm.em.fork();
    ctx.body = await listTasks(em, ctx.state.userId, query, page, context.clock());
  });

  router.post('/api/:user_id/tasks', async (ctx) => {
    const body = requireObject(ctx);
    const args = { ...body, id: body.id ?? randomUUID() };
    // The mutator reads the id before the other fields, so a bad id would hide the rest.
    // Checking the whole body first names every bad field in one response.
    const checked = TaskCreateSchema.safeParse(args);
    if (!checked.success) {
      const issues = issuesFromZod(checked.error);
      throw invalid(issues.map((issue) => issue.message).join('; '), issues);
    }
    const { task, created } = await write(context, ctx, async (session) => {
      const outcome = await session.apply('createTask', args);
      const stored = await session.findTask(String(args.id));
      if (!stored) throw notFound(`task ${String(args.id)} was not found`);
      return { task: stored, created: outcome.kind === 'put' };
    });
    if (task.deleted) throw notFound(`task ${task.id} was deleted`);
    ctx.status = created ? 201 : 200;
    ctx.set('Location', `/api/${ctx.state.userId}/tasks/${task.id}`);
    ctx.body = task;
  });

  router.get('/api/:user_id/tasks/:id', async (ctx) => {
    const task = await readLiveTask(context, ctx);
    ctx.body = task;
  });

  router.put('/api/:user_id/tasks/:id', async (ctx) => {
    const body = requireObject(ctx);
    if (body.id !== undefined && String(body.id).toLowerCase() !== ctx.params.id?.toLowerCase()) {
      throw invalid('id in the body differs from the path', [
        { field: 'id', message: 'id must match the task id in the path, or be left out' },
      ]);
    }
    ctx.body = await write(context, ctx, async (session) => {
      await requireLive(session, ctx.params.id);
      await session.apply('updateTask', { ...body, id: ctx.params.id });
      return (await session.findTask(String(ctx.params.id))) as Task;
    });
  });

  router.delete('/api/:user_id/tasks/:id', async (ctx) => {
    await write(context, ctx, async (session) => {
      await requireLive(session, ctx.params.id);
      await session.apply('deleteTask', { id: ctx.params.id });
    });
    ctx.status = 204;
  });

  router.patch('/api/:user_id/tasks/:id/complete', async (ctx) => {
    const body = ctx.request.body === undefined ? {} : requireObject(ctx);
    ctx.body = await write(context, ctx, async (session) => {
      const current = await requireLive(session, ctx.params.id);
      // An absent `completed` toggles; the domain schema checks the rest of the body.
      const completed = body.completed === undefined ? !current.completed : body.completed;
      await session.apply('completeTask', { ...body, id: current.id, completed });
      return (await session.findTask(current.id)) as Task;
    });
  });
}

async function write<T>(
  context: WriteContext,
  ctx: Context,
  work: (session: UserWrite) => Promise<T>,
): Promise<T> {
  try {
    return await runUserWrite(context, ctx.state.userId, writeSource(ctx), work);
  } catch (error) {
    throw toHttp(error);
  }
}

/**
 * Reads `X-Fehrist-Source`. The agent's tools send `chat`, so the task history can name the chat
 * as the source of their changes. The header is the caller's claim about their own tasks, and
 * nothing checks it.
 */
function writeSource(ctx: Context): TaskEventSource {
  const header = ctx.get('x-fehrist-source').trim().toLowerCase();
  if (header === '' || header === 'rest') return 'rest';
  if (header === 'chat') return 'chat';
  throw new HttpError(
    400,
    'bad_request',
    `X-Fehrist-Source "${header.slice(0, 40)}" is not valid; send chat or rest, or leave it out`,
  );
}

async function readLiveTask(context: WriteContext, ctx: Context): Promise<Task> {
  const id = String(ctx.params.id);
  const em = context.orm.em.fork();
  if (!isUuid(id)) throw notFound(`task ${id} was not found`);
  const row = await em.findOne(TaskEntity, { id: id.toLowerCase(), user_id: ctx.state.userId });
  if (!row || row.deleted) throw notFound(`task ${id} was not found`);
  return rowToTask(row);
}

async function requireLive(session: UserWrite, id: string | undefined): Promise<Task> {
  const task = id && isUuid(id) ? await session.findTask(id) : undefined;
  if (!task || task.deleted) throw notFound(`task ${id} was not found`);
  return task;
}

function requireObject(ctx: Context): Record<string, unknown> {
  const body = ctx.request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'bad_request', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function toHttp(error: unknown): unknown {
  if (!(error instanceof MutationError)) return error;
  if (error.code === 'invalid') return invalid(error.message, error.issues);
  return notFound(error.message);
}
