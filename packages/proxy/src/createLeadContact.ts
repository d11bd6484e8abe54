import { SaleschatError } from '@saleschat-kit/core';
import { retry, sleep, type NewContact } from '@saleschat-kit/saleschat-client';
import type { StoreQueries } from './store/types';
import type { ProxyContext } from './types';

/** Attempts at recording a new contact's id: with the backoff below, 4–8 s in all. */
const MAPPING_ATTEMPTS = 7;
/**
 * How long, polled every `RECORDING_POLL_MS`, a create Saleschat refused as a duplicate waits
 * for another instance to record the lead's contact: longer than the gaps of that instance's
 * mapping retries (2 s at most) once the database is back.
 */
const RECORDING_WAIT_MS = 5000;
const RECORDING_POLL_MS = 250;

/**
 * The contact creates this proxy is still waiting on, by CRM customer id. A create outlives the
 * click that sent it: the browser gets its answer at `answerWithinMs`, the create goes on until
 * Saleschat answers (up to the client's `createDeadlineMs`) and its contact id is recorded.
 */
export interface ContactCreates {
  readonly inFlight: Map<string, Promise<CreatedContact>>;
  /** How long a click waits for a create before answering 504 (the create goes on). */
  readonly answerWithinMs: number;
  /** Resolves once every create in flight has settled, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function createContactCreates(answerWithinMs: number): ContactCreates {
  const inFlight = new Map<string, Promise<CreatedContact>>();
  return {
    inFlight,
    answerWithinMs,
    async drain(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight.values()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

/**
 * Records a new contact's id on a fresh pooled connection each time, with backoff over several
 * seconds: the connection the click holds may be the one a database restart just cut. A
 * mapping that still cannot be written leaves the create request recorded, so the lead is
 * listed by `saleschat-kit contacts pending`, never lost.
 */
async function recordMapping(
  context: ProxyContext,
  crmCustomerId: string,
  scContactId: string,
): Promise<void> {
  try {
    await retry(() => context.store.saveContact(crmCustomerId, scContactId), {
      attempts: MAPPING_ATTEMPTS,
      retryable: (error) => error instanceof SaleschatError && error.code === 'STORE_UNAVAILABLE',
      baseDelayMs: 300,
      maxDelayMs: 2000,
    });
  } catch (error) {
    context.log('error', 'A Saleschat contact was created but could not be recorded', {
      crmCustomerId,
      scContactId,
      fix: `saleschat-kit contacts link ${crmCustomerId} ${scContactId}`,
      error,
    });
    throw error;
  }
}

/**
 * The lead's contact id once another proxy instance has recorded it (already, or within
 * `RECORDING_WAIT_MS`), or `undefined`. Another instance may have sent the earlier create and
 * be retrying its mapping write: a database restart cut the connection that held the lead's
 * lock, so this click got the lock while that create was still under way. Only a shared database has other
 * instances: the embedded store's single process knows its own creates (`inFlight`) and does
 * not wait. Nor is a lead already marked for repair waited for.
 */
async function contactRecordedElsewhere(
  context: ProxyContext,
  crmCustomerId: string,
): Promise<string | undefined> {
  const recorded = async () =>
    (await context.store.getContact(crmCustomerId).catch(() => null))?.scContactId;
  let id = await recorded();
  if (id !== undefined || context.store.dialect === 'sqlite') return id;
  // A lead already marked for repair has nobody recording it. (The pending list is short — only
  // leads whose create outcome is unknown — and this path is rare.)
  const pending = (await context.store.listPendingContacts().catch(() => [])).find(
    (lead) => lead.crmCustomerId === crmCustomerId,
  );
  if (pending?.needsRepairSince) return undefined;
  for (
    let waited = 0;
    id === undefined && waited < RECORDING_WAIT_MS;
    waited += RECORDING_POLL_MS
  ) {
    await sleep(RECORDING_POLL_MS);
    id = await recorded();
  }
  return id;
}

/** Marks the lead for an operator's repair, logging it the first time only. */
async function markNeedsRepair(context: ProxyContext, crmCustomerId: string, error: unknown) {
  const first = await context.store
    .markNeedsRepair(crmCustomerId, new Date(context.now()))
    .catch(() => true);
  if (first) {
    context.log('error', "A lead's Saleschat contact needs an operator to link it", {
      crmCustomerId,
      fix: `find the contact in Saleschat (its chatroom is named after ${crmCustomerId}) and run saleschat-kit contacts link ${crmCustomerId} <sc_contact_id>`,
      error,
    });
  }
}

/**
 * Whether Saleschat certainly did not create the contact: the budget kept the request back, or
 * Saleschat answered with a refusal (429 or another 4xx). A timeout, a lost connection or a 5xx
 * leaves the outcome unknown.
 */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof SaleschatError &&
    (error.code === 'RATE_LIMITED' || error.code === 'SALESCHAT_ERROR')
  );
}

/** Waits for `work` up to `ms`, then answers 504 while `work` goes on. */
async function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SaleschatError({
            code: 'SALESCHAT_UNAVAILABLE',
            status: 504,
            message: `Saleschat did not answer the contact create within ${ms} ms. The proxy keeps waiting and records the contact when Saleschat answers: try again shortly.`,
            retryAfterMs: 2000,
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A lead's contact as a create left it: `adopted` when Saleschat already had it (its 409 named it). */
export interface CreatedContact {
  readonly id: string;
  readonly adopted: boolean;
}

/**
 * Creates the lead's Saleschat contact and records its id. The intent is committed first, in
 * its own statement on the click's connection, so a process that dies at any point leaves
 * either the mapping or a pending create. A duplicate whose contact Saleschat names is adopted
 * (the client's `existingContactIdOf`), as is one another instance records meanwhile; any other
 * answers CONTACT_NEEDS_REPAIR.
 * Concurrent clicks on the lead in this process share one create.
 */
export async function createLeadContact(
  context: ProxyContext,
  queries: StoreQueries,
  contact: NewContact,
): Promise<CreatedContact> {
  const { inFlight, answerWithinMs } = context.creates;
  const crmCustomerId = contact.crmId;
  const running = inFlight.get(crmCustomerId);
  if (running) return answerWithin(running, answerWithinMs);

  const firstRequest = await queries.recordCreateRequest(crmCustomerId, new Date(context.now()));
  const work = (async () => {
    let created: CreatedContact;
    try {
      created = await context.api.createContact(contact);
    } catch (error) {
      if (error instanceof SaleschatError && error.code === 'CONTACT_NEEDS_REPAIR') {
        const recorded =
          !firstRequest && error.saleschat?.code === 4090001
            ? await contactRecordedElsewhere(context, crmCustomerId)
            : undefined;
        if (recorded !== undefined) return { id: recorded, adopted: true };
        await markNeedsRepair(context, crmCustomerId, error);
      } else if (firstRequest && isRefusal(error)) {
        // Nothing to list for an operator; an earlier create of unknown outcome stays listed.
        await context.store.forgetCreateRequest(crmCustomerId).catch(() => undefined);
      }
      throw error;
    }
    await recordMapping(context, crmCustomerId, created.id);
    return created;
  })();
  inFlight.set(crmCustomerId, work);
  // Settled here too, so a create the click stopped waiting for is never an unhandled rejection.
  work.then(
    () => inFlight.delete(crmCustomerId),
    () => inFlight.delete(crmCustomerId),
  );
  return answerWithin(work, answerWithinMs);
}
