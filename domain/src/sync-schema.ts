import { z } from 'zod';
import { type Mutation, PUSH_LIMITS, type PullRequest, type PushRequest } from './sync';

export const MutationSchema = z
  .object({
    clientID: z.string().min(1).max(100),
    id: z.number().int().positive(),
    name: z.string().min(1).max(100),
    args: z.unknown(),
    timestamp: z.number().finite(),
    source: z.literal('reminder', { error: 'source must be reminder or left out' }).optional(),
  })
  .strict();

export const PushRequestSchema = z
  .object({
    clientGroupID: z.string().min(1).max(100),
    mutations: z.array(MutationSchema).max(PUSH_LIMITS.maxMutations),
  })
  .strict();

export const PullRequestSchema = z
  .object({
    clientGroupID: z.string().min(1).max(100),
    cookie: z.number().int().nonnegative().nullable(),
  })
  .strict();

// Fail to compile when a schema's output and the protocol interface drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
true satisfies Same<z.output<typeof MutationSchema>, Mutation>;
true satisfies Same<z.output<typeof PushRequestSchema>, PushRequest>;
true satisfies Same<z.output<typeof PullRequestSchema>, PullRequest>;
