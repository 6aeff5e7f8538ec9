import { isAlias, isMap, isNode, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { textProblem } from '@vv/contracts';
import { TenantConfigInvalidError } from './tenant-config.schema';

/** Largest trust document taken (the demo trusts' are under 5 KB). */
export const MAX_TENANT_DOCUMENT_CHARACTERS = 100_000;
/** Deepest nesting a trust document needs is about 8 (hospitals → wards → visitingHours → day → ranges). */
const MAX_NESTING = 16;

/**
 * Reads a trust document (YAML, or JSON, which is YAML) as plain data, refusing what a
 * configuration never needs and a hostile document uses: aliases and anchors (the "billion
 * laughs" expansion), custom tags, documents over {@link MAX_TENANT_DOCUMENT_CHARACTERS}, and
 * nesting deeper than {@link MAX_NESTING}. Problems say where, never what the document holds.
 * One reader for `tenants/` and the onboarding API.
 */
export function readTenantDocument(text: string, source: string): unknown {
  const refuse = (message: string, field = '(document)') => new TenantConfigInvalidError([{ source, field, message }]);
  const problem = textProblem(text, MAX_TENANT_DOCUMENT_CHARACTERS);
  if (problem) throw refuse(problem);
  // cheap before parsing: no parser work on a document nested far deeper than any trust needs
  if (flowNesting(text) > MAX_NESTING) throw refuse(`is nested more than ${MAX_NESTING} levels deep`);
  let document;
  const lineCounter = new LineCounter();
  try {
    // keys are checked for repeats below, in one pass: the parser's own check compares every key
    // of a mapping with every other, seconds of CPU for a document of many thousand keys
    document = parseDocument(text, { uniqueKeys: false, merge: false, schema: 'core', prettyErrors: true, lineCounter });
  } catch {
    throw refuse('could not be read as YAML or JSON');
  }
  if (document.errors.length) {
    throw new TenantConfigInvalidError(
      document.errors.map((error) => ({ source, field: error.linePos ? `line ${error.linePos[0].line}` : '(document)', message: `is not valid YAML or JSON (${error.code})` })),
    );
  }
  let refused: TenantConfigInvalidError | null = null;
  visit(document, (_key, node, path) => {
    if (path.length > MAX_NESTING * 3) refused = refuse(`is nested more than ${MAX_NESTING} levels deep`);
    else if (isAlias(node) || (isNode(node) && node.anchor)) refused = refuse('must not use YAML anchors or aliases (& and *)');
    else if (isNode(node) && node.tag) refused = refuse('must not use YAML tags (!)');
    else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (seen.has(key)) {
          const offset = isNode(pair.key) ? pair.key.range?.[0] : undefined;
          refused = refuse('is not valid YAML or JSON (DUPLICATE_KEY)', offset === undefined ? '(document)' : `line ${lineCounter.linePos(offset).line}`);
          break;
        }
        seen.add(key);
      }
    }
    return refused ? visit.BREAK : undefined;
  });
  if (refused) throw refused;
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 0 });
  } catch {
    throw refuse('could not be read as YAML or JSON');
  }
  // escapes in quoted YAML ("\0") can make what the text check above could not see
  const problems: { source: string; field: string; message: string }[] = [];
  checkStrings(data, [], (field, message) => problems.push({ source, field, message }));
  if (problems.length) throw new TenantConfigInvalidError(problems);
  return data;
}

function checkStrings(value: unknown, path: (string | number)[], report: (field: string, message: string) => void): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) report(path.join('.') || '(document)', problem);
  } else if (Array.isArray(value)) value.forEach((item, i) => checkStrings(item, [...path, i], report));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key, 100);
      if (problem) report([...path, '(key)'].join('.'), problem);
      else checkStrings(item, [...path, key], report);
    }
  }
}

/** How deep `[` and `{` nest, outside quotes (an upper bound: good enough to refuse early). */
function flowNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    else if (char === '\n') quote = null;
  }
  return deepest;
}
