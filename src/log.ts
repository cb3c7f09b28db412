// The one LogOutputChannel, and the redacting Logger handed to the pure core.
// Users change verbosity with "Developer: Set Log Level…", which every LogOutputChannel supports.
import * as vscode from "vscode";
import type { Logger } from "./cloudflare/logger";
import { redactSecrets } from "./redaction";

export class ExtensionLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor(name = "Cloudflare mTLS") {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Values that must never be written, e.g. the signed-in token, even inside an error message. */
  rememberSecrets(values: Iterable<string>): void {
    for (const value of values) {
      this.secrets.add(value);
    }
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** A Logger that tags each line with a component, e.g. `[client] GET /accounts 200 41 ms`. */
  forComponent(component: string): Logger {
    const line = (message: string) => `[${component}] ${this.redact(message)}`;
    return {
      debug: (message) => this.channel.debug(line(message)),
      info: (message) => this.channel.info(line(message)),
      warn: (message) => this.channel.warn(line(message)),
      error: (message) => this.channel.error(line(message)),
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
