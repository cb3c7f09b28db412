// What the core may log through. The extension adapts its LogOutputChannel to this (with
// redaction); tests record lines. The core never writes to the console.

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
