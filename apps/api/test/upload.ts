import type { Session } from './test-app.ts';

/** A multipart/form-data body with one file part and an optional metadata JSON part. */
export function multipart(file: { name: string; bytes: Uint8Array | string; type?: string }, metadata?: unknown) {
  const boundary = `----fieldschool${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (metadata !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${typeof metadata === 'string' ? metadata : JSON.stringify(metadata)}\r\n`));
  }
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(file.name)}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function uploadRequest(session: Session, url: string, file: Parameters<typeof multipart>[0], metadata?: unknown) {
  const body = multipart(file, metadata);
  return { method: 'POST' as const, url, payload: body.payload, headers: { ...session.headers, ...body.headers } };
}
