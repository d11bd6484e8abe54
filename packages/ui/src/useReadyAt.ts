import { useEffect, useState } from 'react';

/** `true` once `Date.now()` has reached `at` (a rate limit's end); re-renders at that moment. */
export function useReadyAt(at: number): boolean {
  const [ready, setReady] = useState(() => Date.now() >= at);
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => setReady(true), Math.max(0, at - Date.now()));
    return () => clearTimeout(timer);
  }, [at, ready]);
  return ready;
}
