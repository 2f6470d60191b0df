import { EventEmitter } from 'node:events';

/**
 * Tells a user's open event streams that their data changed. A write pokes the streams of
 * its own replica after commit. The task-updates topic carries the same signal to the other
 * replicas, which call pokeFromEvent.
 */
export class PokeHub {
  private readonly emitter = new EventEmitter();
  /** Highest version poked per user, kept only while the user has a stream open. */
  private readonly pokedVersions = new Map<string, number>();

  constructor() {
    // One listener per open stream; a user with many tabs is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  /** Pokes the user's streams after a commit on this replica, whatever was poked before. */
  poke(userId: string, version: number): void {
    if (this.emitter.listenerCount(userId) === 0) return;
    this.pokedVersions.set(userId, Math.max(version, this.pokedVersions.get(userId) ?? 0));
    this.emitter.emit(userId, version);
  }

  /**
   * Pokes for a task-updates event. Skipped when this replica already poked that version or a
   * later one, which is the case for its own writes, so a client pulls once per change.
   */
  pokeFromEvent(userId: string, version: number): void {
    const poked = this.pokedVersions.get(userId);
    if (poked !== undefined && version <= poked) return;
    this.poke(userId, version);
  }

  subscribe(userId: string, listener: (version: number) => void): () => void {
    this.emitter.on(userId, listener);
    return () => {
      this.emitter.off(userId, listener);
      if (this.emitter.listenerCount(userId) === 0) this.pokedVersions.delete(userId);
    };
  }

  listenerCount(userId: string): number {
    return this.emitter.listenerCount(userId);
  }
}
