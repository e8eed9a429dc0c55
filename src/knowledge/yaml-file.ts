import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import type { z } from 'zod';
import { KnowledgeError } from './knowledge-error.js';

let yaml: typeof Yaml | undefined;

/** yaml is loaded on first parse (~30 ms): a start that finds its knowledge in the index cache parses none. */
function yamlModule(): typeof Yaml {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml;
}

/**
 * Parses YAML and validates it with a zod schema. Every problem comes back as a `KnowledgeError`
 * naming the file, the line of the offending field and the field itself.
 *
 * @param lineOffset added to every line, for YAML embedded in a larger file (front matter).
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  lineOffset = 0,
): { value: z.output<S> } | { errors: KnowledgeError[] } {
  const { isMap, isPair, isScalar, LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) =>
    (offset === undefined ? 1 : lineCounter.linePos(offset).line) + lineOffset;
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => new KnowledgeError(file, lineAt(e.pos[0]), `YAML syntax: ${firstLine(e.message)}`)),
    };
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { value: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let node = nodeAt(doc.contents, path);
      // Unknown keys point at their own key, not at the map holding them.
      if (issue.code === 'unrecognized_keys' && isMap(node)) {
        const key = issue.keys[0];
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isScalar(pair.key)) node = pair.key;
      }
      const where = path.length > 0 ? `${path.join('.')}: ` : '';
      return new KnowledgeError(file, lineAt(node?.range?.[0]), `${where}${issue.message}`);
    }),
  };
}

/** The deepest node on `path` that exists, so a missing field reports the line of its parent. */
function nodeAt(root: unknown, path: Array<string | number>): Node | undefined {
  let node = root as Node | undefined;
  for (const key of path) {
    const next = (node as { get?: (k: unknown, keepScalar: boolean) => unknown } | undefined)?.get?.(key, true) as
      | Node
      | undefined;
    if (!next || typeof next !== 'object') break;
    node = next;
  }
  return node;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
