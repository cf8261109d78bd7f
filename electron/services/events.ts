import type { BridgeEventName, BridgeEventPayload } from '../../shared/bridge';

type Listener<E extends BridgeEventName> = (p: BridgeEventPayload<E>) => void;

/** Typed fan-out of bridge events; a throwing listener never breaks the others or the caller. */
export class BridgeEventHub {
  private readonly listeners = new Map<BridgeEventName, Set<Listener<BridgeEventName>>>();

  on<E extends BridgeEventName>(event: E, l: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(l as Listener<BridgeEventName>);
    return () => set.delete(l as Listener<BridgeEventName>);
  }

  emit<E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        l(payload);
      } catch (e) {
        console.error(`[ecabinet] ${event} listener failed:`, e);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
