// The service worker's handler of `pushsubscriptionchange`: the browser replaced (or dropped)
// the push subscription, so the server must learn the new endpoint before the next reminder,
// even when the app is not opened for days. Kept free of worker globals for unit tests.
import type { FetchLike } from '../sync/http';

/** The part of a PushSubscription this code reads. */
export interface SubscriptionLike {
  endpoint: string;
  options?: { applicationServerKey: ArrayBuffer | null };
  toJSON(): { endpoint?: string; expirationTime?: number | null; keys?: Record<string, string> };
}

/** The subscriptions a `pushsubscriptionchange` event carries; either may be null. */
export interface SubscriptionChange {
  oldSubscription: SubscriptionLike | null;
  newSubscription: SubscriptionLike | null;
}

export interface RenewalEnvironment {
  fetch: FetchLike;
  /** The users whose databases are on this device; sign-out deletes a user's database. */
  userIDs: () => Promise<string[]>;
  /** Subscribes again with the old subscription's key, for a browser that made no new one. */
  subscribe: (applicationServerKey: ArrayBuffer) => Promise<SubscriptionLike>;
}

/**
 * Registers the renewed subscription for every user on this device, naming the endpoint it
 * replaces, so the server deletes that row and keeps its language. Returns how many users the
 * server stored it for. A request the server rejects (an expired session gets a 401) is
 * logged and left to the page, which registers the endpoint at its next start.
 */
export async function registerRenewedSubscription(
  change: SubscriptionChange,
  env: RenewalEnvironment,
): Promise<number> {
  const oldKey = change.oldSubscription?.options?.applicationServerKey ?? null;
  const renewed = change.newSubscription ?? (oldKey ? await env.subscribe(oldKey) : null);
  if (!renewed) {
    console.warn('[push] the subscription changed without a new one or a key to make one');
    return 0;
  }

  let stored = 0;
  for (const userID of await env.userIDs()) {
    const body = {
      ...renewed.toJSON(),
      ...(change.oldSubscription ? { previous_endpoint: change.oldSubscription.endpoint } : {}),
    };
    try {
      const response = await env.fetch(`/api/${encodeURIComponent(userID)}/push-subscriptions`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) stored++;
      else
        console.warn(
          `[push] the server refused the renewed subscription of user ${userID} with HTTP ${response.status}; the app registers it at its next start`,
        );
    } catch (error) {
      console.warn(
        `[push] could not send the renewed subscription of user ${userID}; the app registers it at its next start`,
        error,
      );
    }
  }
  return stored;
}
