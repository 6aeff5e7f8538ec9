import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_RULE, renderPermissionTable, rolesHolding, type AccessRule, type DeclaredOperation } from '@vv/platform/access';
import { API_CONTROLLERS, API_RESOLVERS } from './api.module';

/** The committed table of operation → permission, rewritten by `npm run schema:write`. */
export const PERMISSIONS_FILE = 'docs/permissions.md';

/** Nest's own metadata keys for GraphQL operations and HTTP routes. */
const GRAPHQL_OPERATION = 'graphql:resolver_type';
const HTTP_METHOD = 'method';
const HTTP_PATH = 'path';

export interface ApiOperation extends DeclaredOperation {
  /** `query` or `mutation`, or the route's HTTP method. */
  readonly kind: string;
  /** The field's name in the schema (the resolver method's), or the route's path. */
  readonly name: string;
  /** Where it is declared: `VisitResolver.bookVisit`. */
  readonly handler: string;
}

function operation(kind: string, name: string, handler: string, rule: AccessRule | undefined): ApiOperation {
  return { kind, name, operation: `${kind} \`${name}\``, handler, rule };
}

type Handler = (...args: never[]) => unknown;
type Declaring = abstract new (...args: never[]) => unknown;

function ruleOf(target: Declaring, handler: Handler): AccessRule | undefined {
  return Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, target);
}

function handlersOf(target: Declaring): { name: string; handler: Handler }[] {
  return Object.getOwnPropertyNames(target.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => ({ name, handler: (target.prototype as Record<string, Handler>)[name] }))
    .filter(({ handler }) => typeof handler === 'function');
}

function joinPath(...parts: (string | undefined)[]): string {
  return `/${parts.flatMap((part) => (part ?? '').split('/')).filter(Boolean).join('/')}`;
}

/**
 * Every GraphQL operation (named as in the schema: the resolver method's name) and HTTP route
 * the API serves, with the rule it declares: queries, then mutations, then routes, each in
 * name order, so the table changes only where an operation does.
 */
export function apiOperations(resolvers: readonly Declaring[] = API_RESOLVERS, controllers: readonly Declaring[] = API_CONTROLLERS): ApiOperation[] {
  const graphql = resolvers.flatMap((target) =>
    handlersOf(target).flatMap(({ name, handler }) => {
      const type = Reflect.getMetadata(GRAPHQL_OPERATION, handler) as string | undefined;
      return type === 'Query' || type === 'Mutation' ? [operation(type.toLowerCase(), name, `${target.name}.${name}`, ruleOf(target, handler))] : [];
    }),
  );
  const http = controllers.flatMap((target) =>
    handlersOf(target).flatMap(({ name, handler }) => {
      const method = Reflect.getMetadata(HTTP_METHOD, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      const path = joinPath(Reflect.getMetadata(HTTP_PATH, target) as string | undefined, Reflect.getMetadata(HTTP_PATH, handler) as string | undefined);
      return [operation(RequestMethod[method], path, `${target.name}.${name}`, ruleOf(target, handler))];
    }),
  );
  const order = (kind: string) => (kind === 'query' ? 0 : kind === 'mutation' ? 1 : 2);
  return [...graphql, ...http].sort((a, b) => order(a.kind) - order(b.kind) || a.name.localeCompare(b.name, 'en') || a.kind.localeCompare(b.kind, 'en'));
}

/**
 * What is wrong with the operations' rules, each told to its author: an operation with no rule
 * (the guard refuses it), or one naming a permission no role holds (nobody could call it).
 */
export function accessProblems(operations: readonly ApiOperation[]): string[] {
  return operations.flatMap(({ handler, operation, rule }) => {
    if (!rule) {
      return [
        `${handler} (${operation}) declares no permission: add @Access.can('<action>', '<Subject>') above it, naming what it needs ` +
          `from ROLE_GRANTS (libs/platform/access/src/role-permissions.ts), or @Access.public(reason) / @Access.signedIn(reason) ` +
          `if it needs none; then run \`npm run schema:write\` and commit ${PERMISSIONS_FILE}`,
      ];
    }
    if (rule.kind !== 'permission') return [];
    return rule.anyOf.filter((permission) => rolesHolding(permission).length === 0).map(({ action, subject }) => `${handler} (${operation}) needs ${action} ${subject}, which no role holds: name one from ROLE_GRANTS`);
  });
}

/** `docs/permissions.md` as it must be committed. */
export function renderPermissionsDocument(): string {
  return `# Who may call each operation

<!-- Generated from the code by \`npm run schema:write\`; a test fails when it is stale. Do not edit by hand. -->

Every GraphQL operation and HTTP route of the API names the permission it needs where it is
declared (\`@Access.can('book', 'Visit')\`), from the role rules in
\`libs/platform/access/src/role-permissions.ts\` (the README's "Who can do what" table). The
access guard checks it before the operation runs: may the caller do this anywhere in their active
trust (or, for a permission only a platform role holds, anywhere at all)? The service then checks
the record itself by the same rules: a record the caller may not see is \`NOT_FOUND\`, one they may
see but not change is \`FORBIDDEN\`.

*held by* follows from the role rules, so a change to an operation or to a role shows here in
review. *without it* is what someone who holds the permission nowhere is told: \`FORBIDDEN\`;
\`NOT_FOUND\` for an operation on one record, so that someone who may see none cannot learn
whether it exists; or, for a list narrowed by the same permission, an empty list.

${renderPermissionTable(apiOperations())}
`;
}
