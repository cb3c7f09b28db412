// Sign In: API token (recommended) or email + Global API key, typed into password boxes,
// verified against Cloudflare BEFORE it is stored, then kept only in SecretStorage.
import * as vscode from "vscode";
import { UnknownTokenAccountError, verifyCredentials, type CredentialCheck } from "../cloudflare/accounts";
import { CloudflareApiError } from "../cloudflare/errors";
import type { Credentials } from "../cloudflare/types";
import * as config from "../config";
import type { Services } from "../services";
import { NotSignedInError } from "../errors";
import { focusViewCommand, ViewIds } from "../identifiers";
import { chooseAccounts } from "./chooseAccounts";
import { confirmCredentialDestination } from "./credentialDestination";
import { validateAccountId, validateEmail, validateSecret } from "./credentialInput";

async function askCredentials(services: Services): Promise<Credentials | undefined> {
  const method = await services.prompts.pick(
    [
      {
        label: "$(key) API Token",
        description: "Recommended",
        detail: "A token limited to what this extension needs: SSL and Certificates (account, and zone for client certificates and mTLS hostnames), Access: Mutual TLS Certificates, and Zone Read.",
        value: "apiToken" as const,
      },
      {
        label: "$(mail) Email and Global API Key",
        description: "Legacy",
        detail: "The Global API key has full access to everything your user can do. Prefer an API token.",
        value: "globalApiKey" as const,
      },
    ],
    { title: "Sign In to Cloudflare", placeHolder: "How do you want to sign in?" },
  );
  if (method === "apiToken") {
    const token = await services.prompts.input({
      title: "Sign In to Cloudflare: API Token",
      prompt: "Paste a Cloudflare API token. It is verified with Cloudflare, then kept in VS Code's secret storage.",
      password: true,
      validate: (value) => validateSecret(value, "API token"),
    });
    return token === undefined ? undefined : { kind: "apiToken", token: token.trim() };
  }
  if (method === "globalApiKey") {
    const email = await services.prompts.input({
      title: "Sign In to Cloudflare: Email (1/2)",
      prompt: "The email address of your Cloudflare user",
      validate: validateEmail,
    });
    if (email === undefined) {
      return undefined;
    }
    const key = await services.prompts.input({
      title: "Sign In to Cloudflare: Global API Key (2/2)",
      prompt: "Paste your Global API key (My Profile → API Tokens). It is kept in VS Code's secret storage.",
      password: true,
      validate: (value) => validateSecret(value, "Global API key"),
    });
    return key === undefined ? undefined : { kind: "globalApiKey", email: email.trim(), key: key.trim() };
  }
  return undefined;
}

function describeCheck(check: CredentialCheck, credentials: Credentials): string {
  if (check.kind === "apiToken") {
    return `API token ${check.token.id ? `(id ${check.token.id.slice(0, 8)}…)` : ""}`.trim();
  }
  return `Global API key of ${credentials.kind === "globalApiKey" ? credentials.email : check.user.email}`;
}

async function verify(services: Services, credentials: Credentials, baseUrl: string, accountIdHint?: string): Promise<CredentialCheck> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Verifying your credentials with Cloudflare…", cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return verifyCredentials(services.session.clientFor(credentials, baseUrl), { signal: abort.signal, accountIdHint });
    },
  );
}

/**
 * A credential Cloudflare refused while signing in is not the stored one: say so plainly, rather
 * than let the error boundary treat it as the stored credential being rejected (which re-verifies
 * that one and, with none stored, showed nothing at all).
 */
function refusedWhileSigningIn(error: unknown, credentials: Credentials): unknown {
  if (!(error instanceof CloudflareApiError && error.isAuthError)) {
    return error;
  }
  const what = credentials.kind === "apiToken" ? "API token" : "email and Global API key";
  const reason = error.errors.length > 0 ? error.errors.map((item) => `${item.message} (code ${item.code})`).join("; ") : error.message;
  return new NotSignedInError(`Cloudflare did not accept this ${what}: ${reason}. Nothing was stored: check it and sign in again.`);
}

export async function signIn(services: Services): Promise<void> {
  const baseUrl = config.apiBaseUrl();
  if (!(await confirmCredentialDestination(services, baseUrl))) {
    return;
  }
  const credentials = await askCredentials(services);
  if (!credentials) {
    return;
  }
  let check: CredentialCheck;
  try {
    check = await verify(services, credentials, baseUrl);
  } catch (error) {
    // A mistyped token is refused at once. Only an account-owned token whose account Cloudflare
    // does not list needs the user to name the account it verifies under.
    if (!(error instanceof UnknownTokenAccountError)) {
      throw refusedWhileSigningIn(error, credentials);
    }
    const accountId = await services.prompts.input({
      title: "Sign In to Cloudflare: Account-Owned Token?",
      prompt: "Cloudflare accepts this token, but it is no user token and lists no account that owns it. If it is an account-owned token, enter the ID of its account (32 hex characters); otherwise press Escape.",
      validate: validateAccountId,
    });
    if (accountId === undefined) {
      throw refusedWhileSigningIn(error.verifyError, credentials);
    }
    try {
      check = await verify(services, credentials, baseUrl, accountId.trim());
    } catch (accountError) {
      throw refusedWhileSigningIn(accountError, credentials);
    }
  }
  await services.credentials.set({ credentials, apiBaseUrl: baseUrl, label: describeCheck(check, credentials) });
  services.repository.invalidateAll();
  services.log.forComponent("auth").info(`Signed in with ${describeCheck(check, credentials)} against ${baseUrl}`);
  const accounts = await services.repository.accounts();
  await vscode.commands.executeCommand(focusViewCommand(ViewIds.certificates));
  const summary = accounts.length === 1 ? `1 account (${accounts[0]?.name ?? ""})` : `${accounts.length} accounts`;
  const choice = await services.prompts.info(`Signed in to Cloudflare: ${summary}.`, ...(accounts.length > 1 ? ["Choose Accounts to Show"] : []));
  if (choice) {
    await chooseAccounts(services);
  }
}
