/** The part of a `pg` pooled connection a listener uses. */
interface ListenClient {
  query(text: string): Promise<unknown>;
  on(
    event: 'notification',
    listener: (message: { channel: string; payload?: string }) => void,
  ): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  removeAllListeners(event: 'notification' | 'error' | 'end'): unknown;
  release(destroy?: boolean): void;
}

/** How often the listening connection is checked: a silently dead one would miss changes. */
const HEARTBEAT_MS = 5000;
/** The wait before connecting again after the listening connection failed. */
const RECONNECT_MS = 500;

/**
 * Holds one connection of the pool on `LISTEN channel`, for as long as it is not stopped: a
 * dropped or unresponsive connection is destroyed and replaced. `onState(false)` as soon as
 * notifications may be missed, `onState(true)` once they arrive again.
 */
export function listenOnPostgres(
  pool: { connect(): Promise<unknown> },
  channel: string,
  handlers: { onMessage: (payload: string) => void; onState: (listening: boolean) => void },
  onError: (error: Error) => void,
): () => Promise<void> {
  let stopped = false;
  let client: ListenClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function drop(current: ListenClient, error?: Error): void {
    if (client !== current) return;
    client = undefined;
    current.removeAllListeners('notification');
    current.removeAllListeners('end');
    // Kept: a late error of the destroyed connection must not crash the process.
    current.on('error', () => undefined);
    current.release(true);
    handlers.onState(false);
    if (error) onError(error);
    if (!stopped) schedule(connect, RECONNECT_MS);
  }

  function schedule(task: () => Promise<void>, ms: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => void task(), ms);
    timer.unref?.();
  }

  async function heartbeat(): Promise<void> {
    const current = client;
    if (!current || stopped) return;
    try {
      await current.query('SELECT 1');
      if (client === current) schedule(heartbeat, HEARTBEAT_MS);
    } catch (error) {
      drop(current, error as Error);
    }
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    let current: ListenClient;
    try {
      current = (await pool.connect()) as ListenClient;
    } catch (error) {
      onError(error as Error);
      if (!stopped) schedule(connect, RECONNECT_MS);
      return;
    }
    if (stopped) {
      current.release();
      return;
    }
    client = current;
    current.on('notification', (message) => {
      if (message.channel === channel) handlers.onMessage(message.payload ?? '');
    });
    current.on('error', (error) => drop(current, error));
    current.on('end', () => drop(current, new Error('The notification connection ended')));
    try {
      // The channel is the kit's own constant, never user input.
      await current.query(`LISTEN ${channel}`);
    } catch (error) {
      drop(current, error as Error);
      return;
    }
    if (client !== current) return;
    handlers.onState(true);
    schedule(heartbeat, HEARTBEAT_MS);
  }

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const current = client;
    if (!current) return;
    client = undefined;
    handlers.onState(false);
    current.removeAllListeners('notification');
    current.removeAllListeners('end');
    await current.query(`UNLISTEN ${channel}`).then(
      () => current.release(),
      () => current.release(true),
    );
  };
}
