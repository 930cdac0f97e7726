// The workbench talks to the server through one function: a same-origin
// POST to /graphql that carries the session cookie (and so the page's own
// Origin, which the server requires of cookie-authenticated writes).

/** A GraphQL error as the API sends it: a message and a code. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** An operation's document with the types codegen generated for it. */
export interface Op<TData, TVars> {
  readonly document: string;
  /** Phantom fields: they only carry the types. */
  readonly _data?: TData;
  readonly _vars?: TVars;
}

/** Pairs a document with its generated types (see ops.ts). */
export function op<TData, TVars>(document: string): Op<TData, TVars> {
  return { document };
}

/** Runs an operation and returns its data; errors throw ApiError. */
export async function run<TData, TVars>(o: Op<TData, TVars>, variables: TVars): Promise<TData> {
  const resp = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query: o.document, variables }),
  });
  if (resp.status === 401) {
    // The session ended: sign in again and come back to the same view.
    location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
    throw new ApiError("signed out", "UNAUTHENTICATED");
  }
  let body: { data?: TData; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await resp.json();
  } catch {
    throw new ApiError(`the server answered ${resp.status} without JSON`, "INTERNAL");
  }
  if (body.errors && body.errors.length > 0) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? "INTERNAL");
  }
  if (!body.data) throw new ApiError(`the server answered ${resp.status} without data`, "INTERNAL");
  return body.data;
}
