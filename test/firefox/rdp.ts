import { connect, type Socket } from 'node:net';

/**
 * A small client for Firefox's DevTools remote protocol (the one behind about:debugging), because
 * WebDriver BiDi refuses extension pages: popup, options and the event page are reached here.
 * Packets are `<byte length>:<JSON>`; each actor answers its requests in order, and a few packet
 * types are events rather than answers.
 */
export type Packet = { from: string; type?: string; error?: string; message?: string } & Record<
  string,
  unknown
>;

const EVENT_TYPES = new Set([
  'target-available-form',
  'target-destroyed-form',
  'evaluationResult',
  'resources-available-array',
  'resources-updated-array',
  'resources-destroyed-array',
  'addonListChanged',
  'tabListChanged',
  'frameUpdate',
  'tabNavigated',
  'workerListChanged',
  'serviceWorkerRegistrationListChanged',
  'processListChanged',
  'descriptor-destroyed',
  'forwardingCancelled',
]);

export class RdpError extends Error {
  constructor(
    readonly packet: Packet,
    request: object,
  ) {
    super(`RDP ${packet.error}: ${packet.message ?? ''} (request ${JSON.stringify(request).slice(0, 200)})`);
  }
}

export class RdpClient {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<
    string,
    { request: object; resolve: (p: Packet) => void; reject: (e: Error) => void }[]
  >();
  private readonly listeners = new Set<(packet: Packet) => void>();
  private greeted!: Promise<void>;

  private constructor(private readonly socket: Socket) {}

  static async connect(port: number): Promise<RdpClient> {
    const socket = connect({ host: '127.0.0.1', port });
    const client = new RdpClient(socket);
    client.greeted = new Promise((resolve) => {
      const first = (packet: Packet) => {
        if (packet.from !== 'root') return;
        client.listeners.delete(first);
        resolve();
      };
      client.listeners.add(first);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('data', (chunk) => client.receive(chunk));
    socket.on('close', () => client.failAll(new Error('The RDP connection closed.')));
    await client.greeted;
    return client;
  }

  /** Sends a request to an actor and resolves with its answer (rejects on an `error` answer). */
  request(to: string, type: string, fields: Record<string, unknown> = {}): Promise<Packet> {
    const request = { to, type, ...fields };
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(to) ?? [];
      queue.push({ request, resolve, reject });
      this.pending.set(to, queue);
      const json = Buffer.from(JSON.stringify(request), 'utf8');
      this.socket.write(`${json.length}:`);
      this.socket.write(json);
    });
  }

  /** Calls `listener` with every event packet until the returned function is called. */
  on(listener: (packet: Packet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close() {
    this.socket.destroy();
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon === -1) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(
        this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'),
      ) as Packet;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: Packet) {
    const queue = this.pending.get(packet.from);
    const isEvent = (packet.type !== undefined && EVENT_TYPES.has(packet.type)) || !queue?.length;
    if (isEvent) {
      for (const listener of [...this.listeners]) listener(packet);
      return;
    }
    const waiting = queue.shift();
    if (!waiting) return;
    if (packet.error) waiting.reject(new RdpError(packet, waiting.request));
    else waiting.resolve(packet);
  }

  private failAll(error: Error) {
    for (const queue of this.pending.values()) for (const waiting of queue.splice(0)) waiting.reject(error);
  }
}
