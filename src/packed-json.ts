import { endianness } from 'node:os';

/**
 * A JSON value whose typed arrays (`Uint32Array` …) are kept as raw bytes after the JSON text, in one
 * buffer: millions of index postings then cost no parsing to read, only a view of the bytes read.
 *
 * Layout: the 8-byte magic, the JSON text's byte length (u32, little-endian), the JSON text (the value
 * without its typed arrays, and where each one goes), then each array's bytes, 8-byte aligned. Typed
 * arrays are looked for as values of object properties, not inside arrays.
 */
const MAGIC = Buffer.from('dbpack\u0000\u0001', 'latin1');

const KINDS = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array } as const;
type Kind = keyof typeof KINDS;
type Typed = InstanceType<(typeof KINDS)[Kind]>;

interface Blob {
  path: string[];
  kind: Kind;
  offset: number;
  length: number;
}

interface Header {
  value: unknown;
  blobs: Blob[];
  bytes: number;
  endianness: string;
}

const align = (n: number) => Math.ceil(n / 8) * 8;

function kindOf(value: unknown): Kind | undefined {
  for (const [kind, type] of Object.entries(KINDS)) if (value instanceof type) return kind as Kind;
  return undefined;
}

/** The value packed, its typed arrays as raw bytes. */
export function packJson(value: unknown): Buffer {
  const arrays: Typed[] = [];
  const blobs: Blob[] = [];
  const strip = (v: unknown, path: string[]): unknown => {
    // Only plain objects are looked into: anything else (a Date) is left for JSON.stringify, as it was.
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      const kind = kindOf(child);
      if (kind) {
        arrays.push(child as Typed);
        blobs.push({ path: [...path, key], kind, offset: 0, length: (child as Typed).length });
      } else out[key] = strip(child, [...path, key]);
    }
    return out;
  };
  const stripped = strip(value, []);
  // The offsets depend on the header's length, which depends on the offsets: settle in a few passes.
  let start = 0;
  let text = '';
  for (let pass = 0; pass < 4; pass++) {
    let at = start;
    for (const [i, blob] of blobs.entries()) {
      blob.offset = at;
      at = align(at + (arrays[i] as Typed).byteLength);
    }
    const header: Header = { value: stripped, blobs, bytes: at, endianness: endianness() };
    text = JSON.stringify(header);
    const next = align(MAGIC.length + 4 + Buffer.byteLength(text));
    if (next === start) break;
    start = next;
  }
  const header = JSON.parse(text) as Header;
  const out = Buffer.alloc(header.bytes);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(Buffer.byteLength(text), MAGIC.length);
  out.write(text, MAGIC.length + 4, 'utf8');
  for (const [i, blob] of blobs.entries()) {
    const a = arrays[i] as Typed;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, blob.offset);
  }
  return out;
}

/**
 * The value a buffer packs, its typed arrays viewing the buffer's bytes (copied when misaligned).
 * Throws on anything else: another format, a file cut short, bytes of another machine's order.
 */
export function unpackJson(buffer: Buffer): unknown {
  if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC))
    throw new Error('not a packed file');
  const length = buffer.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buffer.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as Header;
  if (header.bytes !== buffer.length) throw new Error('the packed file is cut short or overlong');
  if (header.endianness !== endianness()) throw new Error('the packed file was written with another byte order');
  const root = { value: header.value } as Record<string, unknown>;
  for (const blob of header.blobs) {
    const type = KINDS[blob.kind];
    if (!type) throw new Error(`the packed file holds an unknown array kind ${blob.kind}`);
    const bytes = blob.length * type.BYTES_PER_ELEMENT;
    if (!(blob.offset >= 0 && blob.offset + bytes <= buffer.length))
      throw new Error('a packed array lies outside the file');
    const at = buffer.byteOffset + blob.offset;
    // A Buffer read from a file owns a plain ArrayBuffer.
    const whole = buffer.buffer as ArrayBuffer;
    const array =
      at % type.BYTES_PER_ELEMENT === 0 ? new type(whole, at, blob.length) : new type(whole.slice(at, at + bytes));
    let holder = root;
    const path = ['value', ...blob.path];
    if (path.some((key) => typeof key !== 'string' || key === '__proto__'))
      throw new Error('a packed array has a bad path');
    for (const key of path.slice(0, -1)) {
      const next = Object.hasOwn(holder, key) ? holder[key] : undefined;
      if (next === null || typeof next !== 'object') throw new Error('a packed array has nowhere to go');
      holder = next as Record<string, unknown>;
    }
    holder[path.at(-1) as string] = array;
  }
  return root.value;
}
