import type { FieldIssue, MutationErrorCode } from './errors';
import type { Task } from './task';

// The sync protocol follows Replicache's push/pull model: each client numbers its
// mutations from 1, the server records the last one it processed per client, and a pull
// returns everything that changed since the client's cookie (the user's version).

export const PUSH_LIMITS = { maxMutations: 1000 } as const;

/** One change a client made, numbered from 1 per client; `name` is a domain mutator. */
export interface Mutation {
  clientID: string;
  id: number;
  name: string;
  args: unknown;
  timestamp: number;
  /** `reminder` when a notification action made the mutation; absent for every other edit. */
  source?: 'reminder';
}

export interface PushRequest {
  clientGroupID: string;
  mutations: Mutation[];
}

export interface PullRequest {
  clientGroupID: string;
  /** The version the client pulled up to, or null for everything. */
  cookie: number | null;
}

/** A mutation the server processed without applying it, and why. */
export interface RejectedMutation {
  clientID: string;
  id: number;
  name: string;
  code: MutationErrorCode;
  message: string;
  issues: FieldIssue[];
}

export interface PushResponse {
  /** Mutations recorded as processed but refused; they changed nothing. */
  rejected: RejectedMutation[];
}

export type PatchOperation =
  | { op: 'clear' }
  | { op: 'put'; key: string; value: Task }
  | { op: 'del'; key: string };

export interface PullResponse {
  /** The user's version the patch brings the client to; send it with the next pull. */
  cookie: number;
  /** Last processed mutation id of each client in the group that changed since the cookie. */
  lastMutationIDChanges: Record<string, number>;
  patch: PatchOperation[];
}

/** The data of one poke on the events stream. */
export interface PokeEvent {
  version: number;
}
