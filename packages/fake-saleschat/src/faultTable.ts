import type { Endpoint, Fault } from './types';

export const ENDPOINTS: readonly Endpoint[] = [
  'createUser',
  'magicLink',
  'createContact',
  'updateContact',
  'assign',
];

export function isEndpoint(value: string): value is Endpoint {
  return (ENDPOINTS as readonly string[]).includes(value);
}

const FAULT_KEYS = new Set([
  'latencyMs',
  'status',
  'timeout',
  'drop',
  'malformedJson',
  'notAddedToOrg',
  'times',
]);

/** Describes what is wrong with a fault (for `endpoint`, when given), or returns `null` when it is valid. */
export function describeInvalidFault(value: unknown, endpoint?: Endpoint): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'A fault must be an object.';
  }
  const fault = value as Record<string, unknown>;
  const unknown = Object.keys(fault).find((key) => !FAULT_KEYS.has(key));
  if (unknown !== undefined) {
    return `Unknown fault key "${unknown}"; use ${[...FAULT_KEYS].join(', ')}.`;
  }
  const { latencyMs, status, times } = fault;
  if (
    latencyMs !== undefined &&
    (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs <= 600_000))
  ) {
    return 'latencyMs must be a number of milliseconds between 0 and 600000.';
  }
  if (
    status !== undefined &&
    (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
  ) {
    return 'status must be an HTTP error status between 400 and 599.';
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    return 'times must be a positive integer.';
  }
  for (const key of ['timeout', 'drop', 'malformedJson', 'notAddedToOrg']) {
    if (fault[key] !== undefined && typeof fault[key] !== 'boolean')
      return `${key} must be a boolean.`;
  }
  if (fault.notAddedToOrg === true && endpoint !== undefined && endpoint !== 'createUser') {
    return 'notAddedToOrg applies to createUser only.';
  }
  return null;
}

/** The faults in force, per endpoint, counting down those limited by `times`. */
export interface FaultTable {
  set(endpoint: Endpoint, fault: Fault | null): void;
  clear(): void;
  /** The fault for one request of `endpoint`, consuming one of its `times`. */
  take(endpoint: Endpoint): Fault | null;
}

export function createFaultTable(): FaultTable {
  const faults = new Map<Endpoint, { fault: Fault; remaining: number }>();
  return {
    set(endpoint, fault) {
      if (fault === null) {
        faults.delete(endpoint);
        return;
      }
      const problem = describeInvalidFault(fault, endpoint);
      if (problem !== null) throw new TypeError(`setFault('${endpoint}'): ${problem}`);
      faults.set(endpoint, { fault: { ...fault }, remaining: fault.times ?? Infinity });
    },
    clear() {
      faults.clear();
    },
    take(endpoint) {
      const entry = faults.get(endpoint);
      if (!entry) return null;
      entry.remaining -= 1;
      if (entry.remaining <= 0) faults.delete(endpoint);
      return entry.fault;
    },
  };
}
