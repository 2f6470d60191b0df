import { EventEmitter } from 'node:events';

/**
 * Tells a user's open event streams that their data changed. In-process only: with
 * several replicas, the task-updates topic carries the same signal between them.
 */
export class PokeHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; a user with many tabs is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  poke(userId: string, version: number): void {
    this.emitter.emit(userId, version);
  }

  subscribe(userId: string, listener: (version: number) => void): () => void {
    this.emitter.on(userId, listener);
    return () => this.emitter.off(userId, listener);
  }

  listenerCount(userId: string): number {
    return this.emitter.listenerCount(userId);
  }
}
