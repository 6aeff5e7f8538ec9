import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValueNode } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** Page size assumed for a list field when the query does not say (`first`/`last`/`limit`). */
const DEFAULT_LIST_SIZE = 20;
const PAGE_ARGUMENTS = new Set(['first', 'last', 'limit']);

/**
 * The fields a selection asks for at its own level (through fragments), __typename aside. A
 * mutation's root fields each commit on their own, one after another: with two, a refusal of
 * the second would be answered after the first had written.
 */
function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFields(selection.selectionSet, fragments, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) count += rootFields(fragment.selectionSet, fragments, seen);
    }
  }
  return count;
}

/**
 * One validation rule for one change per mutation request, depth, aliases and cost, so a single expensive or abusive
 * query is refused before any resolver runs. Cost: each field costs 1, multiplied by the
 * page size of every list above it.
 */
export function queryLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(operation) {
        if (operation.operation === 'mutation' && rootFields(operation.selectionSet, fragments, new Set()) > 1) {
          context.reportError(
            new GraphQLError('A request makes one change: send each mutation in a request of its own, so one that is refused never leaves another done', {
              nodes: [operation],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          );
        }
        const measured = measure(operation.selectionSet, fragments, 1, new Set());
        const name = operation.name?.value ?? 'anonymous operation';
        if (measured.depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`${name} is nested ${measured.depth} levels deep; the limit is ${limits.maxDepth}`, { nodes: [operation], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        }
        if (measured.aliases > limits.maxAliases) {
          context.reportError(new GraphQLError(`${name} uses ${measured.aliases} aliases; the limit is ${limits.maxAliases}`, { nodes: [operation], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        }
        if (measured.cost > limits.maxCost) {
          context.reportError(new GraphQLError(`${name} would cost ${measured.cost}; the limit is ${limits.maxCost}. Ask for smaller pages or fewer fields`, { nodes: [operation], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        }
      },
    };
  };
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function measure(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  multiplier: number,
  visiting: Set<string>,
): Measure {
  const total: Measure = { depth: 0, aliases: 0, cost: 0 };
  for (const selection of selectionSet.selections) {
    let inner: Measure = { depth: 0, aliases: 0, cost: 0 };
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) total.aliases += 1;
      if (selection.name.value.startsWith('__')) continue;
      const size = listSize(selection.arguments?.map((a) => ({ name: a.name.value, value: a.value })) ?? []);
      total.cost += multiplier;
      if (selection.selectionSet) {
        inner = measure(selection.selectionSet, fragments, multiplier * size, visiting);
        inner.depth += 1;
      } else {
        inner.depth = 1;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, multiplier, visiting);
    } else {
      const fragment = fragments.get(selection.name.value);
      // a fragment that spreads itself is reported by GraphQL's own rules; do not loop here
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      inner = measure(fragment.selectionSet, fragments, multiplier, visiting);
      visiting.delete(fragment.name.value);
    }
    total.depth = Math.max(total.depth, inner.depth);
    total.aliases += inner.aliases;
    total.cost += inner.cost;
  }
  return total;
}

function listSize(args: { name: string; value: ValueNode }[]): number {
  const page = args.find((a) => PAGE_ARGUMENTS.has(a.name));
  if (!page) return 1;
  if (page.value.kind === Kind.INT) return Math.max(1, Number(page.value.value));
  if (page.value.kind === Kind.VARIABLE) return DEFAULT_LIST_SIZE * 5; // unknown until execution: assume a large page
  return DEFAULT_LIST_SIZE;
}
