/**
 * A map that knows the order its keys were last written in and walks it from the oldest write
 * without starting over each time: what the memory store sweeps and evicts by.
 *
 * A plain `Map` keeps insertion order too, but each new iterator starts at the table's first slot
 * and steps over every deleted key still there: V8 compacts the table only when it grows or
 * rehashes. A store that deletes its oldest entries and then looks at the oldest entry again (on
 * every write, once full) walked tens of thousands of such slots per write. Here every write is a
 * record (key, value) in a queue read from a moving head: a record whose key was written again or
 * deleted since is stale, skipped, and dropped once it reaches the head; the queue is rebuilt
 * without stale records when they outnumber the live ones (so its length stays within twice the
 * map's size plus a constant). A scan also compacts what it passed (see `scan`), so each write costs
 * O(1) amortised plus the live entries a scan keeps passing at the oldest end (claims held by slow
 * handlers, as few as the events in flight).
 */

/** Stale records tolerated beyond the live ones before the queue is rebuilt. */
const SLACK = 1024;

/**
 * `V` is an object type, and a record is current while the map holds its very value object for its
 * key. So an object must never be written again under a key it was written under before (the
 * memory store writes a fresh object every time); writing the object a key holds right now is
 * refused with a TypeError, the one such mistake that can be seen cheaply.
 */
export class RecencyMap<V extends object> {
  #values = new Map<string, V>();
  /**
   * Every write as a record (`#keys[i]`, `#written[i]`), oldest first. Records before the head are
   * cleared as the head passes them (so an evicted entry is not kept alive), and cut off once they
   * are half the arrays.
   */
  #keys: Array<string | undefined> = [];
  #written: Array<V | undefined> = [];
  #head = 0;

  get size(): number {
    return this.#values.size;
  }

  /** Records from the head on, stale ones included: at most twice the size plus 1,024 after a write (tested). */
  get queueLength(): number {
    return this.#keys.length - this.#head;
  }

  get(key: string): V | undefined {
    return this.#values.get(key);
  }

  /** Stores `value` under `key` as the newest write (a key written before moves to the end). */
  set(key: string, value: V): void {
    if (this.#values.get(key) === value) {
      throw new TypeError('RecencyMap: each write must store a new object.');
    }
    this.#values.set(key, value);
    this.#keys.push(key);
    this.#written.push(value);
    // Every record from the head on but one per live key is stale.
    if (this.#keys.length - this.#head > 2 * this.#values.size + SLACK) this.#rebuild();
    else if (this.#head > SLACK && this.#head * 2 > this.#keys.length) {
      this.#keys = this.#keys.slice(this.#head);
      this.#written = this.#written.slice(this.#head);
      this.#head = 0;
    }
  }

  delete(key: string): boolean {
    return this.#values.delete(key);
  }

  clear(): void {
    this.#values.clear();
    this.#keys = [];
    this.#written = [];
    this.#head = 0;
  }

  /** The key of the oldest write still in the map (stale records at the head are dropped on the way). */
  oldestKey(): string | undefined {
    while (this.#head < this.#keys.length) {
      const key = this.#keys[this.#head]!;
      if (this.#values.get(key) === this.#written[this.#head]) return key;
      this.#dropHead();
    }
    return undefined;
  }

  /**
   * Calls `visit` with each entry from the oldest write on, while it returns true. `visit` may
   * delete the entry it was given, and nothing else; it must not write.
   *
   * The records it passed are compacted: the live ones it kept move up, in order, right behind the
   * record it stopped at, and the head moves to the first of them, so the stale records it passed
   * are never walked again. Without that, one entry kept at the oldest end (a claim held by a
   * slow `onEvent`) would pin the head, and every later scan would walk all the records that went
   * stale behind it.
   */
  scan(visit: (key: string, value: V) => boolean): void {
    const keys = this.#keys;
    const written = this.#written;
    const start = this.#head;
    let kept: number[] | undefined;
    let stop = start;
    for (; stop < keys.length; stop++) {
      const key = keys[stop]!;
      const value = written[stop]!;
      if (this.#values.get(key) !== value) continue;
      if (!visit(key, value)) break;
      if (this.#values.get(key) === value) {
        kept ??= [];
        kept.push(stop);
      }
    }
    // Kept records go to the slots right before `stop`, the last first; each moves up or stays.
    let head = stop;
    for (let k = (kept?.length ?? 0) - 1; k >= 0; k--) {
      const from = kept![k]!;
      head--;
      keys[head] = keys[from];
      written[head] = written[from];
    }
    for (let i = start; i < head; i++) {
      keys[i] = undefined;
      written[i] = undefined;
    }
    this.#head = head;
  }

  #dropHead(): void {
    this.#keys[this.#head] = undefined;
    this.#written[this.#head] = undefined;
    this.#head++;
  }

  /** Drops every stale record: the arrays keep the live entries only, in write order. */
  #rebuild(): void {
    const keys: Array<string | undefined> = [];
    const written: Array<V | undefined> = [];
    for (let i = this.#head; i < this.#keys.length; i++) {
      const key = this.#keys[i]!;
      const value = this.#written[i]!;
      if (this.#values.get(key) === value) {
        keys.push(key);
        written.push(value);
      }
    }
    this.#keys = keys;
    this.#written = written;
    this.#head = 0;
  }
}
