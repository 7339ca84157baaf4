/*
 * The ID numbers a roster has had so far, to name a repeated one: 8 bytes a number in a
 * typed array rather than a Set of strings (some 60 bytes an entry on the heap). A valid
 * number is its first 17 digits (the 18th is their check digit), kept as two integers,
 * digits 1–9 and 10–17, in an open-addressing table that doubles when half full.
 */

/** No first nine digits reach 2³² − 1: it marks an empty slot. */
const EMPTY = 0xffffffff;

export class IdNumberSet {
  private slots = new Uint32Array(2 * 1024).fill(EMPTY);
  private count = 0;

  /** Adds a valid ID number; answers whether it was there already. */
  addSeen(idNumber: string): boolean {
    const high = Number(idNumber.slice(0, 9));
    const low = Number(idNumber.slice(9, 17));
    if (this.insert(high, low)) return true;
    this.count += 1;
    if (this.count * 4 > this.slots.length) this.grow();
    return false;
  }

  /** Places the number; answers whether it was already placed. */
  private insert(high: number, low: number): boolean {
    const mask = this.slots.length / 2 - 1;
    for (let slot = (Math.imul(high, 0x9e3779b1) ^ Math.imul(low, 0x85ebca77)) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 2;
      if (this.slots[at] === EMPTY) {
        this.slots[at] = high;
        this.slots[at + 1] = low;
        return false;
      }
      if (this.slots[at] === high && this.slots[at + 1] === low) return true;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2).fill(EMPTY);
    for (let at = 0; at < old.length; at += 2) if (old[at] !== EMPTY) this.insert(old[at]!, old[at + 1]!);
  }
}
