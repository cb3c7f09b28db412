// A lock between harness runs on one machine (say, integration and e2e started together), so two
// of them never install into the same cache folder at once. mkdir is atomic; the lock records its
// owner's pid, and a lock whose owner is gone is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const POLL_MS = 500;

export async function withDirectoryLock<T>(lockDir: string, work: () => Promise<T>, timeoutMs = 40 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  while (!tryAcquire(lockDir)) {
    const owner = readOwner(lockDir);
    if (owner !== undefined && !isAlive(owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`lock ${lockDir} is still held by pid ${owner ?? "?"} after ${timeoutMs} ms; remove the folder if that process is gone`);
    }
    if (!announced) {
      console.error(`[editor-tools] waiting for pid ${owner ?? "?"}, which holds ${lockDir}`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return false;
    }
    throw error;
  }
  writeFileSync(join(lockDir, "owner"), String(process.pid));
  return true;
}

function readOwner(lockDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lockDir, "owner"), "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // the owner is between mkdir and writing its pid, or just released it
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
