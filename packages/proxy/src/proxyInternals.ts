import type { SaleschatProxy } from './createSaleschatProxy';

/** A proxy answer before it becomes a Web `Response`: what the Node adapters write directly. */
export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or `null` for no body. */
  body: string | null;
}

/** Reads a request body, at most `maxBytes` of it; throws `BodyTooLargeError` past that. */
export type BodyReader = (maxBytes: number) => Promise<Uint8Array>;

/** The handler behind `proxy.fetch`, taking the body from any source. */
export type AnswerRequest = (request: Request, readBody: BodyReader) => Promise<ProxyAnswer>;

// Kept off the public interface: adapters in this package use it to skip building Web streams
// and Responses, which cost more than the proxy's own work on a cached Login.
const answers = new WeakMap<SaleschatProxy, AnswerRequest>();

export function registerAnswer(proxy: SaleschatProxy, answer: AnswerRequest): void {
  answers.set(proxy, answer);
}

/** The proxy's internal handler, or `undefined` for an object that only looks like a proxy. */
export function answerOf(proxy: SaleschatProxy): AnswerRequest | undefined {
  return answers.get(proxy);
}
