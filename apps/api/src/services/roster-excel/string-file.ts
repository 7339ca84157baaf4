import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The workbook's shared strings (every distinct text of the sheet: names, ID numbers, phones),
 * kept out of the heap: their UTF-8 bytes go to a temporary file, and the heap holds only where
 * each ends, 4 bytes a string. A cell reads its text back by index when its row is read. The file
 * is unlinked as soon as it is open, so only the open descriptor holds it: the system frees it
 * when `remove` closes it (the reader calls it however the import ends) or when the process dies,
 * even by SIGKILL, and nothing is ever left in the temporary folder.
 */

const WRITE_BUFFER = 64 * 1024;

function openUnlinked(): number {
  const dir = mkdtempSync(join(tmpdir(), 'fieldschool-roster-'));
  try {
    return openSync(join(dir, 'shared-strings'), 'w+');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class StringFile {
  private readonly fd = openUnlinked();
  /** ends[i] is where string i ends in the file; string i starts where string i - 1 ends. */
  private ends = new Uint32Array(1024);
  private count = 0;
  private written = 0;
  private pending = Buffer.allocUnsafe(WRITE_BUFFER);
  private pendingLength = 0;
  private readBuffer = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  append(text: string): void {
    const length = Buffer.byteLength(text);
    if (this.pendingLength + length > this.pending.length) this.flush();
    if (length > this.pending.length) writeSync(this.fd, text, this.written);
    else this.pendingLength += this.pending.write(text, this.pendingLength);
    this.written += length;
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.written;
  }

  /** String `index`, or undefined if the workbook has no such string. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    this.flush();
    const start = index ? this.ends[index - 1]! : 0;
    const length = this.ends[index]! - start;
    if (length > this.readBuffer.length) this.readBuffer = Buffer.allocUnsafe(length);
    readSync(this.fd, this.readBuffer, 0, length, start);
    return this.readBuffer.toString('utf8', 0, length);
  }

  remove(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (!this.pendingLength) return;
    writeSync(this.fd, this.pending, 0, this.pendingLength, this.written - this.pendingLength);
    this.pendingLength = 0;
  }
}
