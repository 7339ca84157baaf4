import type { Multipart, MultipartFile } from '@fastify/multipart';
import { AppError } from '../errors.ts';
import type { ErrorCode } from '@fieldschool/contracts';

/**
 * Reads a multipart upload of exactly one `file` part (a matter's document, a secretary's
 * photo). A file over the route's limit answers `tooLarge` with the field.
 */
export async function readSingleFile(parts: AsyncIterableIterator<Multipart>, tooLarge: ErrorCode = 'payload_too_large'): Promise<{ fileName: string; bytes: Uint8Array }> {
  let upload: { fileName: string; bytes: Uint8Array } | undefined;
  try {
    for await (const part of parts) {
      if (part.type !== 'file' || part.fieldname !== 'file' || upload) throw new AppError('validation_failed', 'Send exactly one file, in the "file" field', { field: part.fieldname });
      upload = { fileName: part.filename || 'file', bytes: new Uint8Array(await (part as MultipartFile).toBuffer()) };
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(tooLarge, 'The file is too large', { field: 'file', cause: error });
    throw error;
  }
  if (!upload) throw new AppError('validation_failed', 'No file was sent', { field: 'file' });
  return upload;
}
