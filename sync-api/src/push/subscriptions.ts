import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PushSubscriptionInput } from './subscription-input';

/** A stored subscription as its owner sees it; the keys stay on the server. */
export interface PushSubscriptionView {
  id: string;
  endpoint: string;
  user_agent: string | null;
  /** The interface language the device's notifications are written in; null means English. */
  language: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SavedSubscription {
  id: string;
  endpoint: string;
  created_at: Date;
  /** Whether the endpoint is new to this user: inserted, or taken over from another user. */
  created: boolean;
  /** The user the endpoint belonged to before, when it moved to this one. */
  previousUserId: string | null;
  /** Whether the row of `previous_endpoint` was deleted in its place. */
  replacedPrevious: boolean;
}

/**
 * Stores a subscription, one row per endpoint. A browser profile keeps its endpoint across
 * sign-outs, so an endpoint saved by another user moves to this one with a new id and
 * created_at. The old owner then stops receiving notifications in that browser. A save without
 * `language` keeps the language stored before. A save with `previous_endpoint` (a browser that
 * renewed its subscription) deletes this user's row of that endpoint and takes its language.
 */
export async function saveSubscription(
  orm: MikroORM,
  userId: string,
  input: PushSubscriptionInput,
  userAgent: string | null,
): Promise<SavedSubscription> {
  // `previous` reads the row as it was before this statement, so the old owner is known.
  const rows = await orm.em.getConnection().execute<
    {
      id: string;
      endpoint: string;
      created_at: Date;
      previous_user_id: string | null;
      replaced: number;
    }[]
  >(
    `with previous as (select user_id from push_subscription where endpoint = ?),
     replaced as (
       delete from push_subscription
        where endpoint = ? and user_id = ? and endpoint <> ?
       returning language
     )
     insert into push_subscription
       (id, user_id, endpoint, p256dh, auth, user_agent, language, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, coalesce(?, (select language from replaced)), now(), now())
     on conflict (endpoint) do update set
       id = case when push_subscription.user_id = excluded.user_id
                 then push_subscription.id else excluded.id end,
       created_at = case when push_subscription.user_id = excluded.user_id
                         then push_subscription.created_at else now() end,
       user_id = excluded.user_id,
       p256dh = excluded.p256dh,
       auth = excluded.auth,
       user_agent = excluded.user_agent,
       language = coalesce(excluded.language, push_subscription.language),
       updated_at = now()
     returning id, endpoint, created_at, (select user_id from previous) as previous_user_id,
       (select count(*) from replaced)::int as replaced`,
    [
      input.endpoint,
      input.previous_endpoint ?? null,
      userId,
      input.endpoint,
      randomUUID(),
      userId,
      input.endpoint,
      input.keys.p256dh,
      input.keys.auth,
      userAgent,
      input.language ?? null,
    ],
    'all',
  );
  const row = rows[0];
  if (!row) throw new Error('saving the push subscription returned no row');
  return {
    id: row.id,
    endpoint: row.endpoint,
    created_at: row.created_at,
    created: row.previous_user_id !== userId,
    previousUserId: row.previous_user_id !== userId ? row.previous_user_id : null,
    replacedPrevious: row.replaced > 0,
  };
}

export async function listSubscriptions(
  orm: MikroORM,
  userId: string,
): Promise<PushSubscriptionView[]> {
  return orm.em.getConnection().execute<PushSubscriptionView[]>(
    `select id, endpoint, user_agent, language, created_at, updated_at from push_subscription
      where user_id = ? order by created_at, id`,
    [userId],
    'all',
  );
}

/** Deletes the user's subscription with that id; false when the user has none by that id. */
export async function deleteSubscription(
  orm: MikroORM,
  userId: string,
  id: string,
): Promise<boolean> {
  const rows = await orm.em
    .getConnection()
    .execute<{ id: string }[]>(
      'delete from push_subscription where id = ? and user_id = ? returning id',
      [id, userId],
      'all',
    );
  return rows.length > 0;
}
