import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** One field the API refused, as its BAD_USER_INPUT names it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An answer from the API the page turns into words: never shown raw. */
export class ApiError extends Error {
  constructor(
    /** UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, or UNAVAILABLE when the API cannot be reached. */
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

export interface ApiCaller {
  accessToken: string;
  /** The active trust (X-Trust), when the person has chosen one. */
  trust?: string;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; fields?: FieldProblem[] } }[];
}

const printed = new WeakMap<object, string>();

/** The console's only way to data: the public GraphQL API, as the signed-in person. */
export class ConsoleApi {
  constructor(private readonly apiUrl: string) {}

  async request<Result, Variables>(caller: ApiCaller, document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
    let query = printed.get(document);
    if (!query) printed.set(document, (query = print(document)));
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${caller.accessToken}`,
          ...(caller.trust ? { 'x-trust': caller.trust } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new ApiError('UNAVAILABLE', 'The service is not answering.');
    }
    const body = (await response.json().catch(() => ({}))) as GraphQLResponse<Result>;
    const error = body.errors?.[0];
    if (error) throw new ApiError(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR', error.message, error.extensions?.fields ?? []);
    if (!response.ok || !body.data) throw new ApiError('UNAVAILABLE', 'The service did not answer.');
    return body.data;
  }

  /**
   * A file the API serves over plain HTTP (the visit statistics CSV), as the signed-in person:
   * its body and the headers a browser needs to save it. The API's refusals become the same
   * ApiError as a GraphQL answer's.
   */
  async download(caller: ApiCaller, path: string): Promise<{ body: string; contentType: string; contentDisposition?: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        headers: { authorization: `Bearer ${caller.accessToken}`, ...(caller.trust ? { 'x-trust': caller.trust } : {}) },
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      throw new ApiError('UNAVAILABLE', 'The service is not answering.');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; fields?: FieldProblem[] } };
      throw new ApiError(body.error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'UNAVAILABLE'), body.error?.message ?? 'The service did not answer.', body.error?.fields ?? []);
    }
    return {
      body: await response.text(),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      contentDisposition: response.headers.get('content-disposition') ?? undefined,
    };
  }
}
