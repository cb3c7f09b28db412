// Pure types: the messages between the details webview and the extension, both directions.
// Both sides import these with `import type`, so a misspelled message fails to compile.

export type DetailsAction = "pickLocalFile" | "savePem" | "openLog" | "refresh";

export type FromDetailsWebview =
  | { readonly type: "ready" }
  /** Copy the value the extension registered under `key` (the webview never chooses clipboard text). */
  | { readonly type: "copy"; readonly key: string }
  | { readonly type: "action"; readonly action: DetailsAction };

export type ToDetailsWebview = { readonly type: "copied"; readonly key: string } | { readonly type: "busy"; readonly busy: boolean };
