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

/**
 * A write whose answer was lost (a timeout, a dropped connection, a 502…), after the extension
 * looked at what Cloudflare now holds: it did not happen ("notDone": sending it again is safe),
 * or the look failed too ("unknown": the user must check before trying again). A write that
 * happened after all is not an error.
 */
export class LostAnswerError extends Error {
  constructor(
    readonly verdict: "notDone" | "unknown",
    /** e.g. "upload of “Corp Root”". */
    readonly what: string,
    readonly lostAnswer: unknown,
  ) {
    super(
      verdict === "notDone"
        ? `Cloudflare's answer to the ${what} was lost, and it did not happen: trying again is safe.`
        : `Cloudflare did not answer the ${what}, and whether it happened could not be checked: look at the list (Refresh) before trying again.`,
    );
    this.name = "LostAnswerError";
  }
}

/** A command that changes Cloudflare was asked for in Restricted Mode (an untrusted workspace). */
export class RestrictedModeError extends Error {
  /** What was refused, as in "… does not upload certificates here": "upload certificates". */
  readonly refused: string;
  constructor(refused: string) {
    super(`Restricted Mode: this workspace is not trusted, so Cloudflare mTLS does not ${refused} here. Trust the workspace to ${refused}; browsing and inspecting certificates work as they are.`);
    this.name = "RestrictedModeError";
    this.refused = refused;
  }
}
