// Pure types: the messages between the details webview and the extension, both directions.
// Both sides import these with `import type`, so a misspelled message fails to compile.

/** The buttons a details view can offer (the model lists the ones it does). */
export const DETAILS_ACTIONS = ["pickLocalFile", "savePem", "copyWranglerBinding", "copyTerraformImport"] as const;

export type DetailsAction = (typeof DETAILS_ACTIONS)[number];

export function isDetailsAction(value: unknown): value is DetailsAction {
  return DETAILS_ACTIONS.some((action) => action === value);
}

export type FromDetailsWebview =
  /** Copy the value the extension registered under `key` (the webview never chooses clipboard text). */
  | { readonly type: "copy"; readonly key: string }
  | { readonly type: "action"; readonly action: DetailsAction };

export type ToDetailsWebview = { readonly type: "copied"; readonly key: string } | { readonly type: "busy"; readonly busy: boolean };
