// Tests that hand files to OpenSSL, the independent reader, need it on the machine. Missing, they
// fail loudly rather than skip, so a machine without it cannot pass them quietly.
import { execFileSync } from "node:child_process";

export function requireOpenssl(): string {
  try {
    return execFileSync("openssl", ["version"], { encoding: "utf8" }).trim();
  } catch (error) {
    throw new Error(`these tests need the openssl command (OpenSSL 3) as an independent reader, and it could not be run: ${(error as Error).message}`, { cause: error });
  }
}
