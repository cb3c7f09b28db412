// Keeps cloudflareMtls.activeEditorHasPem current, cheaply: only the active editor is looked at,
// only its first characters are scanned, and typing is debounced, so a large file or fast typing
// costs a regular expression over a bounded string now and then, never a decode.
import * as vscode from "vscode";
import { holdsPemBlock } from "./certificates/pemMarker";
import { ContextKeys, setContext } from "./contextKeys";
import { Disposable } from "./disposable";

/** Only this much of a document is scanned: a PEM block pasted to upload starts well within it. */
export const PEM_SCAN_CHARACTERS = 256 * 1024;
/** Edits are looked at once typing pauses for this long. */
export const PEM_SCAN_DEBOUNCE_MS = 300;

/** Whether the start of the document holds a PEM BEGIN line. */
export function documentHoldsPem(document: vscode.TextDocument): boolean {
  const end = document.positionAt(PEM_SCAN_CHARACTERS);
  return holdsPemBlock(document.getText(new vscode.Range(new vscode.Position(0, 0), end)));
}

export class ActiveEditorPemTracker extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: boolean | undefined;

  constructor() {
    super();
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) {
          this.schedule();
        }
      }),
    );
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.update();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), PEM_SCAN_DEBOUNCE_MS);
  }

  private update(): void {
    clearTimeout(this.timer);
    const document = vscode.window.activeTextEditor?.document;
    const holds = document !== undefined && documentHoldsPem(document);
    if (holds !== this.current) {
      this.current = holds;
      void setContext(ContextKeys.activeEditorHasPem, holds);
    }
  }
}
