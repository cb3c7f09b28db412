// Child processes for the harness: commands run to completion with their output kept for the
// error message, and long-lived servers started in their own process group so that stopping one
// also stops everything it forked (code-server's extension host, file watcher, pty host...).
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";

export interface CommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Also append everything the command prints to this file (created with its folder). */
  readonly logFile?: string;
  /** Kill the command (and its group) when it runs longer than this. */
  readonly timeoutMs?: number;
  /** Echo the command's output to our stderr as it comes, for long installs a person watches. */
  readonly echo?: boolean;
}

export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly outputTail: string,
    reason: string,
  ) {
    super(`${command} ${reason}\n--- last output ---\n${outputTail}`);
    this.name = "CommandFailedError";
  }
}

/** Keeps the last `limit` characters of a stream of output, for error messages. */
export class OutputTail {
  private text = "";

  constructor(private readonly limit = 8000) {}

  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.limit);
  }

  toString(): string {
    return this.text;
  }
}

/** Runs a command to completion; rejects with its last output when it fails or times out. */
export async function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
  const display = [command, ...args].join(" ");
  const tail = new OutputTail();
  const log = openLog(options.logFile);
  log?.write(`\n$ ${display}\n`);
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output += text;
    tail.append(text);
    log?.write(text);
    if (options.echo) {
      process.stderr.write(text);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killGroup(child, "SIGKILL");
        }, options.timeoutMs);
  try {
    const exit = await waitForExit(child);
    if (timedOut) {
      throw new CommandFailedError(display, exit.code, tail.toString(), `did not finish within ${options.timeoutMs} ms`);
    }
    if (exit.error) {
      throw new CommandFailedError(display, null, tail.toString(), `could not start: ${exit.error.message}`);
    }
    if (exit.code !== 0) {
      throw new CommandFailedError(display, exit.code, tail.toString(), `failed with exit code ${exit.code ?? `null (signal ${exit.signal ?? "?"})`}`);
    }
    return output;
  } finally {
    if (timer) {
      clearTimeout(timer);
    }
    await closeLog(log);
  }
}

interface ExitResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

/** Resolves once the process has exited (or failed to start); never rejects. */
export function waitForExit(child: ChildProcess): Promise<ExitResult> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

export interface ProcessGroupOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Everything the process prints is appended here too. */
  readonly logFile?: string;
  /** Also copy its output to our stdout as it comes. */
  readonly echo?: boolean;
  readonly stdio?: SpawnOptions["stdio"];
}

/**
 * A long-lived process in its own process group. `stop()` sends SIGTERM to the whole group, waits
 * for the leader to exit, then SIGKILLs the group, so nothing it forked outlives it. A process
 * exit hook kills the group too, in case the harness itself dies before calling stop().
 */
export class ProcessGroup {
  readonly output = new OutputTail(20000);
  private readonly exited: Promise<ExitResult>;
  private readonly log: WriteStream | undefined;
  private readonly killOnExit = () => killGroup(this.child, "SIGKILL");

  private constructor(readonly child: ChildProcess, logFile: string | undefined, echo: boolean) {
    this.log = openLog(logFile);
    this.exited = waitForExit(child);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      this.output.append(text);
      this.log?.write(text);
      if (echo) {
        process.stdout.write(text);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    process.once("exit", this.killOnExit);
  }

  static start(command: string, args: readonly string[], options: ProcessGroupOptions = {}): ProcessGroup {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.stdio ?? ["ignore", "pipe", "pipe"],
      detached: true,
    });
    return new ProcessGroup(child, options.logFile, options.echo ?? false);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves when the leader exits (or fails to start). */
  whenExited(): Promise<ExitResult> {
    return this.exited;
  }

  async stop(graceMs = 5000): Promise<void> {
    process.removeListener("exit", this.killOnExit);
    killGroup(this.child, "SIGTERM");
    const gone = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    // The leader may be gone while its children linger: always finish the group off.
    killGroup(this.child, "SIGKILL");
    if (!gone) {
      await Promise.race([this.exited, delay(graceMs)]);
    }
    await closeLog(this.log);
  }
}

/** Signals a whole process group; a group that is already gone is not an error. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") {
      throw error;
    }
  }
}

function openLog(file: string | undefined): WriteStream | undefined {
  if (file === undefined) {
    return undefined;
  }
  mkdirSync(dirname(file), { recursive: true });
  return createWriteStream(file, { flags: "a" });
}

function closeLog(log: WriteStream | undefined): Promise<void> {
  if (!log || log.closed) {
    return Promise.resolve();
  }
  return new Promise((resolve) => log.end(() => resolve()));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
