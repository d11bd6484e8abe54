import { errorCodeFor } from './guesses';

/** The documented error body: `{ error_code, error_message, error_description, payload }`. */
export interface SaleschatErrorBody {
  error_code: number;
  error_message: string;
  error_description: string;
  payload: Record<string, unknown>;
}

/** An error answer in Saleschat's one error shape, with the code that goes with the status. */
export function saleschatErrorResponse(
  status: number,
  description: string,
  payload: Record<string, unknown> = {},
  code: { code: number; message: string } = errorCodeFor(status),
): Response {
  const body: SaleschatErrorBody = {
    error_code: code.code,
    error_message: code.message,
    error_description: description,
    payload,
  };
  return Response.json(body, { status });
}
