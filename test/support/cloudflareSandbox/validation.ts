// Strict request-body checks. Each API family reports problems with its own codes, so the
// validator is built with the two errors it answers with: an invalid body and an unknown field.
import type { SandboxError } from "./errorCodes";
import { SandboxApiError } from "./envelope";

export type JsonObject = Readonly<Record<string, unknown>>;

export interface BodyErrors {
  readonly invalid: SandboxError;
  readonly unknownField: SandboxError;
}

export class BodyValidator {
  constructor(private readonly errors: BodyErrors) {}

  /** The body as an object whose fields are all in `allowed`. */
  object(value: unknown, allowed: readonly string[], pointer = ""): JsonObject {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw this.invalid(pointer || "/", "must be a JSON object");
    }
    const object = value as JsonObject;
    for (const field of Object.keys(object)) {
      if (!allowed.includes(field)) {
        throw SandboxApiError.of(this.errors.unknownField, { detail: `"${field}" is not a recognised field`, pointer: `${pointer}/${field}` });
      }
    }
    return object;
  }

  requiredString(object: JsonObject, field: string, pointer = ""): string {
    const value = object[field];
    if (value === undefined) {
      throw this.invalid(`${pointer}/${field}`, "is required");
    }
    if (typeof value !== "string" || value.trim() === "") {
      throw this.invalid(`${pointer}/${field}`, "must be a non-empty string");
    }
    return value;
  }

  optionalString(object: JsonObject, field: string, pointer = ""): string | undefined {
    return object[field] === undefined ? undefined : this.requiredString(object, field, pointer);
  }

  requiredBoolean(object: JsonObject, field: string, pointer = ""): boolean {
    const value = object[field];
    if (value === undefined) {
      throw this.invalid(`${pointer}/${field}`, "is required");
    }
    if (typeof value !== "boolean") {
      throw this.invalid(`${pointer}/${field}`, "must be a boolean");
    }
    return value;
  }

  requiredStringArray(object: JsonObject, field: string, pointer = ""): string[] {
    const value = object[field];
    if (value === undefined) {
      throw this.invalid(`${pointer}/${field}`, "is required");
    }
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string" && item.trim() !== "")) {
      throw this.invalid(`${pointer}/${field}`, "must be an array of non-empty strings");
    }
    return [...value];
  }

  optionalStringArray(object: JsonObject, field: string, pointer = ""): string[] | undefined {
    return object[field] === undefined ? undefined : this.requiredStringArray(object, field, pointer);
  }

  requiredArray(object: JsonObject, field: string, pointer = ""): unknown[] {
    const value = object[field];
    if (value === undefined) {
      throw this.invalid(`${pointer}/${field}`, "is required");
    }
    if (!Array.isArray(value)) {
      throw this.invalid(`${pointer}/${field}`, "must be an array");
    }
    return value as unknown[];
  }

  invalid(pointer: string, problem: string): SandboxApiError {
    return SandboxApiError.of(this.errors.invalid, { detail: `${pointer} ${problem}`, pointer });
  }
}
