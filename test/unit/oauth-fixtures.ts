import { createClientRegistry, type RegisteredClients } from '@/lib/providers/datadog/oauth/registration';

/** A registry of OAuth clients over a variable, registering ids `reg-1`, `reg-2`… at time `now`. */
export function registryOver(initial: unknown, now = 42) {
  let stored = initial;
  const registered: string[] = [];
  const clients = createClientRegistry({
    storage: {
      read: async () => stored,
      write: async (next) => {
        stored = next;
      },
    },
    register: async (apiBase) => {
      registered.push(apiBase);
      return { ok: true, clientId: `reg-${registered.length}` };
    },
    now: () => now,
  });
  return { clients, registered, stored: () => stored as RegisteredClients };
}
