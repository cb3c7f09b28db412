// Pure: the errors the extension's own layers throw (config, auth, views). They sit on the bottom
// floor so every layer may throw them; the wording a user finally reads, and the next step it
// offers, is decided in src/commands/errorMessages.ts.

/** A command needs credentials and there are none to use. */
export class NotSignedInError extends Error {
  constructor(message = "Sign in to Cloudflare first.") {
    super(message);
    this.name = "NotSignedInError";
  }
}

/** cloudflareMtls.apiBaseUrl is unsafe or malformed: nothing is sent. */
export class ApiBaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiBaseUrlError";
  }
}
