import type { App } from '../src/app.ts';

/** One operation of the api's OpenAPI document, named as the access matrix names it: "GET /api/v1/farmers/{id}". */
export interface Operation {
  key: string;
  method: string;
  path: string;
  /** What the route's config admits: a public route needs no session; others name their roles (x-roles). */
  public: boolean;
  roles: string[];
  parameters: { in: 'path' | 'query'; name: string; required?: boolean; schema: JsonSchema }[];
  /** The JSON body's schema, or null (no body, or a multipart upload). */
  body: JsonSchema | null;
}

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  enum?: unknown[];
};

/** Every operation the app documents, read from the document it serves (so a new route is in it). */
export async function readOperations(app: App): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: unknown[]; 'x-roles'?: string[] }>>;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const content = operation.requestBody?.content ?? {};
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        public: Array.isArray(operation.security) && operation.security.length === 0,
        roles: operation['x-roles'] ?? [],
        parameters: operation.parameters ?? [],
        body: content['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}
