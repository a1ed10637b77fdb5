import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, validate, visit, type ASTNode, type DocumentNode, type GraphQLSchema } from 'graphql';

const OPERATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'operations');

export interface Operation {
  name: string;
  /** The operation and the fragments it uses, printed as one request document. */
  source: string;
}

/**
 * Loads every named operation in rest-compat/operations/*.graphql, fragments shared across files.
 * Operations that do not validate against the schema are returned in `invalid` (a unit test keeps it empty).
 */
export function loadOperations(schema?: GraphQLSchema): { ops: Map<string, Operation>; invalid: Map<string, string> } {
  const invalid = new Map<string, string>();
  const files = readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql')).sort();
  const docs = files.map((f) => parse(readFileSync(join(OPERATIONS_DIR, f), 'utf8')));
  const fragments = new Map<string, DocumentNode['definitions'][number]>();
  for (const d of docs) for (const def of d.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const ops = new Map<string, Operation>();
  for (const d of docs) {
    for (const def of d.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!def.name) throw new Error('rest-compat operations must be named');
      const name = def.name.value;
      if (ops.has(name)) throw new Error(`duplicate rest-compat operation ${name}`);
      // Include the fragments the operation spreads (transitively).
      const needed = new Set<string>();
      const collect = (node: ASTNode | undefined) => {
        if (!node) return;
        visit(node, {
          FragmentSpread(spread) {
            if (needed.has(spread.name.value)) return;
            needed.add(spread.name.value);
            collect(fragments.get(spread.name.value));
          },
        });
      };
      collect(def);
      const document: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [def, ...[...needed].map((f) => {
          const frag = fragments.get(f);
          if (!frag) throw new Error(`unknown fragment ${f} in ${name}`);
          return frag;
        })],
      };
      if (schema) {
        const errors = validate(schema, document);
        if (errors.length) {
          invalid.set(name, errors.map((e) => e.message).join('; '));
          continue;
        }
      }
      ops.set(name, { name, source: print(document) });
    }
  }
  return { ops, invalid };
}
