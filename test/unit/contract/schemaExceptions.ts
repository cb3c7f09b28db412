// Where the contract test departs from the vendored 2024 schema, all in one place. Each entry is
// a place where the official `cloudflare` SDK (7.3, generated from a later schema) or
// cloudflare-api.md says Cloudflare now differs, or where the schema generator left an artefact.
// Each is applied to a copy of the schema before anything is validated; the JSON file itself
// stays exactly as published.

export interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: unknown;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation> | null>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

export interface SchemaException {
  /** What changes, in the schema's own terms. */
  readonly where: string;
  /** Why, and on whose word. */
  readonly why: string;
  readonly apply: (document: OpenApiDocument) => void;
}

/** As the schema writes access_uuid: a string of at most 36 characters (ids are opaque text). */
const UUID_SCHEMA = { type: "string", maxLength: 36 };

function operation(document: OpenApiDocument, path: string, method: string): OpenApiOperation {
  const found = document.paths[path]?.[method];
  if (!found) {
    throw new Error(`schema exception: no ${method.toUpperCase()} ${path} in the schema`);
  }
  return found;
}

function parameter(document: OpenApiDocument, path: string, method: string, name: string): OpenApiParameter {
  const found = operation(document, path, method).parameters?.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`schema exception: no parameter ${name} on ${method.toUpperCase()} ${path}`);
  }
  return found;
}

function addQueryParameter(document: OpenApiDocument, path: string, method: string, name: string, schema: unknown): void {
  const target = operation(document, path, method);
  target.parameters = [...(target.parameters ?? []), { in: "query", name, schema }];
}

const MTLS_CERTIFICATE_PATHS = ["/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}", "/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}/associations"];
const CLIENT_CERTIFICATE_PATH = "/zones/{zone_id}/client_certificates/{client_certificate_id}";
const ACCESS_LISTS = ["/accounts/{account_id}/access/certificates", "/zones/{zone_id}/access/certificates"];

function isFailureRef(value: unknown): boolean {
  const ref = typeof value === "object" && value !== null ? (value as { $ref?: unknown }).$ref : undefined;
  return typeof ref === "string" && ref.endsWith("-common-failure");
}

export const SCHEMA_EXCEPTIONS: readonly SchemaException[] = [
  {
    where: "4XX answers whose schema is allOf [a success envelope, a failure envelope]: only the failure envelope",
    why: "a generator artefact of the IAM and TLS sections: success must be true in one part and false in the other, so no answer could ever match; the Access sections give the failure envelope alone, and so does every 4XX Cloudflare sends",
    apply: (document) => {
      for (const operations of Object.values(document.paths)) {
        for (const operation of Object.values(operations ?? {})) {
          const content = operation.responses["4XX"]?.content?.["application/json"];
          const allOf = (content?.schema as { allOf?: unknown[] } | undefined)?.allOf;
          const failure = allOf?.find(isFailureRef);
          if (content && failure) {
            content.schema = failure;
          }
        }
      }
    },
  },
  {
    where: "mtls_certificate_id and the mTLS certificate object's id: a 36-character UUID, not a 32-character identifier",
    why: "cloudflare-api.md: mTLS certificate ids are UUIDs (the hostname-associations schema itself requires a 36-character mtls_certificate_id); the 2024 schema reuses the 32-hex identifier",
    apply: (document) => {
      for (const path of MTLS_CERTIFICATE_PATHS) {
        for (const method of Object.keys(document.paths[path] ?? {})) {
          parameter(document, path, method, "mtls_certificate_id").schema = UUID_SCHEMA;
        }
      }
      for (const name of ["tls-certificates-and-hostnames_components-schemas-certificateObject", "tls-certificates-and-hostnames_certificateObjectPost"]) {
        const properties = document.components.schemas[name]?.["properties"] as Record<string, unknown> | undefined;
        if (!properties) {
          throw new Error(`schema exception: no schema ${name}`);
        }
        properties["id"] = UUID_SCHEMA;
      }
    },
  },
  {
    where: "client_certificate_id and the client certificate object's id: a UUID",
    why: "cloudflare-api.md: client certificate ids are UUIDs; the 2024 schema reuses the 32-hex identifier",
    apply: (document) => {
      for (const method of Object.keys(document.paths[CLIENT_CERTIFICATE_PATH] ?? {})) {
        parameter(document, CLIENT_CERTIFICATE_PATH, method, "client_certificate_id").schema = UUID_SCHEMA;
      }
      const properties = document.components.schemas["tls-certificates-and-hostnames_client_certificate"]?.["properties"] as Record<string, unknown> | undefined;
      if (properties) {
        properties["id"] = UUID_SCHEMA;
      }
    },
  },
  {
    where: "GET /accounts/{account_id}/mtls_certificates takes a `type` query (custom, gateway_managed, access_managed; repeated or comma-separated)",
    why: "SDK 7.3 (MTLSCertificateListParams.type) and cloudflare-api.md §1; the 2024 schema has no query parameters here",
    apply: (document) =>
      addQueryParameter(document, "/accounts/{account_id}/mtls_certificates", "get", "type", { type: "string", pattern: "^(custom|gateway_managed|access_managed)(,(custom|gateway_managed|access_managed))*$" }),
  },
  {
    where: "Access certificate lists take `page` and `per_page`",
    why: "the SDK and Cloudflare's docs name them (bounds unstated, cloudflare-api.md §2); the 2024 schema lists no query parameters",
    apply: (document) => {
      for (const path of ACCESS_LISTS) {
        addQueryParameter(document, path, "get", "page", { type: "number", minimum: 1 });
        addQueryParameter(document, path, "get", "per_page", { type: "number", minimum: 1 });
      }
    },
  },
  {
    where: "DELETE /accounts/{account_id}/mtls_certificates/{mtls_certificate_id} sends no body",
    why: "the 2024 schema marks an empty application/json requestBody required, a generator artefact: it has no schema, the SDK sends none, and the delete takes no input",
    apply: (document) => {
      delete operation(document, "/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}", "delete").requestBody;
    },
  },
  {
    where: "GET /accounts/{account_id}/tokens/verify: shaped like GET /user/tokens/verify",
    why: "the fragment has the path without an operation; SDK 7.3 (accounts.tokens.verify) answers the same token status as the user endpoint (cloudflare-api.md §3)",
    apply: (document) => {
      const user = operation(document, "/user/tokens/verify", "get");
      document.paths["/accounts/{account_id}/tokens/verify"] = {
        get: { ...structuredClone(user), parameters: [{ in: "path", name: "account_id", required: true, schema: { type: "string", maxLength: 32 } }] },
      };
    },
  },
  {
    where: "PATCH /zones/{zone_id}/client_certificates/{client_certificate_id}: a JSON body { reactivate: boolean }",
    why: "The schema gives the reactivation PATCH no body; the SDK (7.3, ClientCertificateEditParams) sends { reactivate?: boolean }, as we do.",
    apply: (document) => {
      operation(document, CLIENT_CERTIFICATE_PATH, "patch").requestBody = {
        content: { "application/json": { schema: { type: "object", properties: { reactivate: { type: "boolean" } }, additionalProperties: false } } },
      };
    },
  },
];

/**
 * Tests whose client requests leave the schema on purpose, by full title: what they test is the
 * client's handling of Cloudflare's answer to exactly such a request.
 */
export const DELIBERATELY_OFF_SCHEMA: Readonly<Record<string, string>> = {
  "CloudflareClient over HTTP (sandbox) error envelopes an unknown route: 404 with code 7000 or 7003": "calls a path Cloudflare does not have, to see its 404 read as an error",
  "hostnameAssociations (sandbox) refusals come back with Cloudflare's message: a hostname outside the zone, a malformed id": "sends a 32-character mtls_certificate_id, to see Cloudflare refuse it",
};
