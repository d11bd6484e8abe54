import { chatRequestSchema } from './chatRequestSchema';
import { invalidInput } from './invalidInput';
import type { BodyReader } from './proxyInternals';
import { BodyTooLargeError } from './readLimitedText';

/** Invalid UTF-8 in a request body is refused, not patched over. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The `POST /chat` body: JSON, at most `maxBodyBytes`, in the contract's shape. */
export async function readChatRequest(
  request: Request,
  readBody: BodyReader,
  maxBodyBytes: number,
): Promise<string> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw invalidInput(415, 'POST /chat takes a JSON body: send Content-Type: application/json.');
  }
  const declared = Number(request.headers.get('Content-Length') ?? 0);
  const tooLarge = () =>
    invalidInput(413, `The request body is larger than ${maxBodyBytes} bytes.`);
  if (declared > maxBodyBytes) throw tooLarge();
  let text: string;
  try {
    text = UTF8.decode(await readBody(maxBodyBytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw invalidInput(400, 'The request body could not be read as UTF-8 text.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidInput(400, 'The request body is not valid JSON.');
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) throw invalidInput(400, parsed.error.issues[0]?.message ?? 'Invalid body.');
  return parsed.data.crmCustomerId;
}
