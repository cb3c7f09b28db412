// Runs inside the certificate details webview. Filled in by the extension issue.
export {};
