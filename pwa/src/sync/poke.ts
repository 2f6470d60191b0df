/** The constructor of an EventSource; tests pass a scripted one. */
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

/**
 * Opens the user's poke stream. `onPoke` runs for every poke and again whenever the stream
 * (re)opens, because pokes sent while it was closed are lost. EventSource reconnects by itself.
 */
export function openPokeStream(
  url: string,
  onPoke: () => void,
  createEventSource: EventSourceFactory,
): () => void {
  const source = createEventSource(url);
  source.addEventListener('poke', onPoke);
  source.addEventListener('open', onPoke);
  return () => source.close();
}

export function browserEventSource(url: string): EventSourceLike {
  return new EventSource(url, { withCredentials: true });
}
