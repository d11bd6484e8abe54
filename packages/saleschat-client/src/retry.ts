/** Waits `ms`, or less when `signal` aborts; resolves either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface BackoffOptions {
  /** Delay before the first retry, doubled for each further one. Default: 500 ms. */
  baseDelayMs?: number;
  /** Largest delay. Default: 30 000 ms. */
  maxDelayMs?: number;
}

/**
 * How long to wait before retrying after failed attempt number `attempt` (1 for the first):
 * exponential, capped, with "equal jitter" (half fixed, half random) so that many clients
 * failing together do not retry together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseDelayMs = 500, maxDelayMs = 30_000 } = options;
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return exponential / 2 + Math.random() * (exponential / 2);
}

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first included. Default: 3. */
  attempts?: number;
  /** Whether an attempt's failure is worth another attempt. Default: never. */
  retryable?: (error: unknown) => boolean;
  /** The wait before the next attempt; default `backoffDelay(attempt, options)`. */
  delayMs?: (attempt: number, error: unknown) => number;
  /** Called before each wait, with the failed attempt's number and error. Default: none. */
  onRetry?: (attempt: number, error: unknown) => void;
  /** Stops waiting and retrying once aborted (the last error is thrown). Default: none. */
  signal?: AbortSignal;
}

/**
 * Runs `task` until it succeeds, its failure is not retryable, the attempts are used up or
 * `signal` aborts; waits with `backoffDelay` in between. Throws the last failure.
 */
export async function retry<T>(
  task: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { attempts = 3, retryable = () => false, signal } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= attempts || !retryable(error) || signal?.aborted) throw error;
      options.onRetry?.(attempt, error);
      await sleep(options.delayMs?.(attempt, error) ?? backoffDelay(attempt, options), signal);
      if (signal?.aborted) throw error;
    }
  }
}
