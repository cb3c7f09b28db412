// Injected misbehaviour. Faults wait in arrival order; a request takes the first one that
// matches it, and a fault is spent after `times` requests. Most fire before the request is
// processed; drop, hang and 502/504 with `afterProcessing: true`, and truncate, fire after the
// route has done its work, so the write happened and only its answer is lost (see types.ts).
import type { FaultMatch, SandboxFault } from "./types";

interface PendingFault {
  readonly fault: SandboxFault;
  readonly method: string | undefined;
  readonly path: RegExp | undefined;
  remaining: number;
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: SandboxFault, match: FaultMatch = {}): void {
    const times = match.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`sandbox: fault times must be a positive integer, got ${times}`);
    }
    if (fault.kind === "latency" && !(fault.ms >= 0)) {
      throw new Error(`sandbox: latency fault needs ms >= 0, got ${fault.ms}`);
    }
    if (fault.kind === "oversizedBody" && !(Number.isInteger(fault.bytes) && fault.bytes > 0)) {
      throw new Error(`sandbox: oversizedBody fault needs a positive integer of bytes, got ${fault.bytes}`);
    }
    this.pending.push({ fault, method: match.method?.toUpperCase(), path: match.path, remaining: times });
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault for this request, if any, counting it as used. */
  take(method: string, path: string): SandboxFault | undefined {
    const entry = this.pending.find((p) => (p.method === undefined || p.method === method) && (p.path === undefined || matches(p.path, path)));
    if (!entry) {
      return undefined;
    }
    entry.remaining -= 1;
    if (entry.remaining === 0) {
      this.pending = this.pending.filter((p) => p !== entry);
    }
    return entry.fault;
  }
}

function matches(pattern: RegExp, path: string): boolean {
  // A global or sticky RegExp keeps state between test() calls; reset it so every request is judged alike.
  pattern.lastIndex = 0;
  return pattern.test(path);
}
