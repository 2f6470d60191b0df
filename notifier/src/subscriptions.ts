import type pg from 'pg';

/** A browser's push subscription as sync-api stores it in `push_subscription`. */
export interface PushSubscriptionRow {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** BCP 47 language of the device's interface when sync-api stores one; English otherwise. */
  language: string | null;
}

/** Lists every push subscription of a user, oldest first. */
export async function listSubscriptions(
  db: pg.Pool,
  userId: string,
): Promise<PushSubscriptionRow[]> {
  // to_jsonb keeps this query valid whether or not sync-api's table has a language column.
  const { rows } = await db.query<{ row: Record<string, unknown> }>(
    `select to_jsonb(s) as row from push_subscription s where s.user_id = $1 order by s.created_at`,
    [userId],
  );
  return rows.map(({ row }) => ({
    id: String(row.id),
    userId: String(row.user_id),
    endpoint: String(row.endpoint),
    p256dh: String(row.p256dh),
    auth: String(row.auth),
    language: typeof row.language === 'string' ? row.language : null,
  }));
}

/** Deletes a subscription whose endpoint the push service reported as gone (404 or 410). */
export async function deleteSubscription(db: pg.Pool, endpoint: string): Promise<boolean> {
  const result = await db.query(`delete from push_subscription where endpoint = $1`, [endpoint]);
  return (result.rowCount ?? 0) > 0;
}
