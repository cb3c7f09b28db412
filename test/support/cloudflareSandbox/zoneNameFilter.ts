// GET /zones `name` (and `account.name`): the filter syntax of Cloudflare's schema
// (reference/cloudflare-openapi-mtls.json, GET /zones parameters), exactly and no more.
// "A domain name. Optional filter operators can be provided to extend refine the search:
// equal (default), not_equal, starts_with, ends_with, contains, starts_with_case_sensitive,
// ends_with_case_sensitive, contains_case_sensitive", maxLength 253, with examples
// "example.com", "contains:.org", "ends_with:arpa", "starts_with:dev".
//
// Assumptions (the schema says no more), each made strict so a client that relies on anything
// else fails here rather than in front of a user:
// - the operator is the text before the first ":"; a value with a ":" whose prefix is no
//   operator is refused (400), since no domain name holds a ":";
// - operators without `_case_sensitive`, `equal` and `not_equal` included, compare case-insensitively
//   (domain names are case-insensitive);
// - an operator with nothing after it ("contains:") is refused: it would match every zone.
import { ErrorCodes } from "./errorCodes";
import { SandboxApiError } from "./envelope";

export const NAME_FILTER_OPERATORS = [
  "equal",
  "not_equal",
  "starts_with",
  "ends_with",
  "contains",
  "starts_with_case_sensitive",
  "ends_with_case_sensitive",
  "contains_case_sensitive",
] as const;

type NameFilterOperator = (typeof NAME_FILTER_OPERATORS)[number];

/** The schema's maxLength of the whole parameter. */
export const NAME_FILTER_MAX_LENGTH = 253;

function isOperator(text: string): text is NameFilterOperator {
  return (NAME_FILTER_OPERATORS as readonly string[]).includes(text);
}

/** A predicate over names for the query value `text` of parameter `parameter`; 400 for what the schema does not allow. */
export function parseNameFilter(parameter: string, text: string): (name: string) => boolean {
  const refuse = (detail: string): never => {
    throw SandboxApiError.of(ErrorCodes.invalidQuery, { detail: `${parameter} ${detail}` });
  };
  if (text.length === 0) {
    refuse("must not be empty");
  }
  if (text.length > NAME_FILTER_MAX_LENGTH) {
    refuse(`must be at most ${NAME_FILTER_MAX_LENGTH} characters, got ${text.length}`);
  }
  const colon = text.indexOf(":");
  const prefix = colon < 0 ? "equal" : text.slice(0, colon);
  const value = colon < 0 ? text : text.slice(colon + 1);
  if (!isOperator(prefix)) {
    return refuse(`has an unknown filter operator "${prefix}": use one of ${NAME_FILTER_OPERATORS.join(", ")}`);
  }
  if (value.length === 0) {
    refuse(`names no value after "${prefix}:"`);
  }
  const folded = value.toLowerCase();
  switch (prefix) {
    case "equal":
      return (name) => name.toLowerCase() === folded;
    case "not_equal":
      return (name) => name.toLowerCase() !== folded;
    case "starts_with":
      return (name) => name.toLowerCase().startsWith(folded);
    case "ends_with":
      return (name) => name.toLowerCase().endsWith(folded);
    case "contains":
      return (name) => name.toLowerCase().includes(folded);
    case "starts_with_case_sensitive":
      return (name) => name.startsWith(value);
    case "ends_with_case_sensitive":
      return (name) => name.endsWith(value);
    case "contains_case_sensitive":
      return (name) => name.includes(value);
  }
}
