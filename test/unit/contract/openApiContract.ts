// Checks one exchange with the sandbox against Cloudflare's OpenAPI schema (the vendored
// fragment plus the exceptions in schemaExceptions.ts), with ajv: the request the client sent
// (path parameters, every query value, the JSON body) and the answer the sandbox gave (the body
// against the schema of its status, or of its status class, "4XX").
//
// What is checked:
// - requests sent by our client (its User-Agent), so the sandbox's own tests may send malformed
//   requests on purpose; each must be an operation of the schema, with declared parameters only;
// - every answer to an operation of the schema, whoever asked, except answers an injected fault
//   shaped (a 502 page, a truncated body) and 429/5xx answers, which the schema does not describe.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { RecordedRequest } from "../../support/cloudflareSandbox";
import { SCHEMA_EXCEPTIONS, type OpenApiDocument, type OpenApiOperation } from "./schemaExceptions";

export const SCHEMA_FILE = join(__dirname, "..", "..", "fixtures", "openapi", "cloudflare-openapi-mtls.json");
const SCHEMA_ID = "cloudflare-openapi";
const CLIENT_USER_AGENT = /^cloudflare-mtls-vscode\b/;

export interface ContractViolation {
  readonly exchange: string;
  readonly problem: string;
}

interface OperationMatch {
  readonly template: string;
  readonly method: string;
  readonly operation: OpenApiOperation;
  readonly params: Record<string, string>;
}

interface Template {
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly literals: number;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(rewriteRefs);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === "$ref" && typeof inner === "string" && inner.startsWith("#/") ? `${SCHEMA_ID}${inner}` : rewriteRefs(inner)]),
    );
  }
  return value;
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}${error.params && "additionalProperty" in error.params ? ` (${String(error.params.additionalProperty)})` : ""}`)
    .join("; ");
}

function isEmptySchema(schema: unknown): boolean {
  return schema === undefined || (typeof schema === "object" && schema !== null && Object.keys(schema).length === 0);
}

/** A query value as the schema's type wants it: "2" is a number where a number is declared. */
function coerce(value: string, schema: unknown): unknown {
  const type = typeof schema === "object" && schema !== null ? (schema as { type?: unknown }).type : undefined;
  if ((type === "number" || type === "integer") && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (type === "boolean" && (value === "true" || value === "false")) {
    return value === "true";
  }
  return value;
}

export class OpenApiContract {
  private readonly document: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly templates: Template[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(schemaText: string = readFileSync(SCHEMA_FILE, "utf8")) {
    const published = JSON.parse(schemaText) as OpenApiDocument;
    for (const exception of SCHEMA_EXCEPTIONS) {
      exception.apply(published);
    }
    this.document = rewriteRefs(published) as OpenApiDocument;
    // strict: false, because OpenAPI 3.0 schemas carry keywords JSON Schema does not know
    // (example, x-…); ajv reads OpenAPI's `nullable` itself.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SCHEMA_ID, components: this.document.components });
    this.templates = Object.keys(this.document.paths)
      .filter((template) => this.document.paths[template])
      .map((template) => {
        const names: string[] = [];
        const source = template.replace(/\{([^}]+)\}|[^{}]+/g, (part, name: string | undefined) => {
          if (name !== undefined) {
            names.push(name);
            return "([^/]+)";
          }
          return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        });
        return { template, pattern: new RegExp(`^${source}$`), names, literals: template.split("/").filter((segment) => segment !== "" && !segment.startsWith("{")).length };
      })
      // A literal segment beats a parameter: …/certificates/settings is not a certificate id.
      .sort((a, b) => b.literals - a.literals);
  }

  /** The schema's operation for a request, if it has one. */
  match(method: string, path: string): OperationMatch | undefined {
    for (const template of this.templates) {
      const found = template.pattern.exec(path);
      const operation = found ? this.document.paths[template.template]?.[method.toLowerCase()] : undefined;
      if (found && operation) {
        const params = Object.fromEntries(template.names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? "")]));
        return { template: template.template, method: method.toLowerCase(), operation, params };
      }
    }
    return undefined;
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema as object);
      this.validators.set(key, validate);
    }
    return validate;
  }

  private check(key: string, schema: unknown, value: unknown): string | undefined {
    const validate = this.validator(key, schema);
    return validate(value) ? undefined : describeErrors(validate.errors);
  }

  /** Every way this exchange departs from the schema; empty when it follows it. */
  violations(exchange: Readonly<RecordedRequest>): ContractViolation[] {
    const queryText = new URLSearchParams(Object.entries(exchange.queryAll ?? {}).flatMap(([key, values]) => values.map((value) => [key, value]))).toString();
    const label = `${exchange.method} ${exchange.path}${queryText ? `?${queryText}` : ""}`;
    const problems: string[] = [];
    const match = this.match(exchange.method, exchange.path);
    const fromClient = CLIENT_USER_AGENT.test(exchange.headers["user-agent"] ?? "");
    if (!match) {
      return fromClient ? [{ exchange: label, problem: "the client called an operation the schema does not have" }] : [];
    }
    const id = `${match.method} ${match.template}`;
    if (fromClient) {
      problems.push(...this.requestProblems(id, match, exchange));
    }
    const answer = exchange.answer;
    if (answer && answer.fault === undefined && answer.status !== 429 && answer.status < 500) {
      const status = String(answer.status);
      const responses = match.operation.responses;
      const key = status in responses ? status : `${status[0] ?? ""}XX` in responses ? `${status[0] ?? ""}XX` : "default" in responses ? "default" : undefined;
      const schema = key === undefined ? undefined : responses[key]?.content?.["application/json"]?.schema;
      if (key === undefined) {
        problems.push(`answered HTTP ${status}; the schema names only ${Object.keys(responses).join(", ")}`);
      } else if (schema !== undefined) {
        const problem = this.check(`${id} answer ${key}`, schema, answer.body);
        if (problem) {
          problems.push(`answer ${status}: ${problem}`);
        }
      }
    }
    return problems.map((problem) => ({ exchange: label, problem }));
  }

  private requestProblems(id: string, match: OperationMatch, exchange: Readonly<RecordedRequest>): string[] {
    const problems: string[] = [];
    const parameters = match.operation.parameters ?? [];
    for (const parameter of parameters.filter((candidate) => candidate.in === "path")) {
      const problem = this.check(`${id} path ${parameter.name}`, parameter.schema ?? {}, match.params[parameter.name]);
      if (problem) {
        problems.push(`path parameter ${parameter.name}: ${problem}`);
      }
    }
    for (const [key, values] of Object.entries(exchange.queryAll ?? {})) {
      const parameter = parameters.find((candidate) => candidate.in === "query" && candidate.name === key);
      if (!parameter) {
        problems.push(`query parameter ${key} is not in the schema`);
        continue;
      }
      for (const value of values) {
        const problem = this.check(`${id} query ${key}`, parameter.schema ?? {}, coerce(value, parameter.schema));
        if (problem) {
          problems.push(`query ${key}=${value}: ${problem}`);
        }
      }
    }
    const bodySchema = match.operation.requestBody?.content?.["application/json"]?.schema;
    if (exchange.body === undefined) {
      if (match.operation.requestBody?.required && !isEmptySchema(bodySchema)) {
        problems.push("the schema requires a JSON body; none was sent");
      }
    } else if (!match.operation.requestBody) {
      problems.push("sent a body the schema does not take");
    } else if (!isEmptySchema(bodySchema)) {
      const problem = this.check(`${id} body`, bodySchema, exchange.body);
      if (problem) {
        problems.push(`body: ${problem}`);
      }
    }
    return problems;
  }
}
