// Edit Hostname Settings of Access mTLS (per hostname: China network, client certificate
// forwarding). Every hostname associated with an Access certificate of the scope is offered, with
// Cloudflare's defaults where it lists no setting yet. Cloudflare replaces the whole list on PUT,
// so every hostname's setting is sent.
import * as vscode from "vscode";
import { settingsForEveryHostname } from "../cloudflare/accessCertificates";
import type { AccessHostnameSetting } from "../cloudflare/types";
import type { Services } from "../services";
import { accountScope, scopeLabel, type CertificateScope } from "../views/certificateKind";
import { isCertificateGroupNode } from "../views/treeNodes";
import { pickAccount } from "./accountPick";
import { settle } from "../writeOutcome";
import { abortSignalOf } from "./cancellation";

async function chooseScope(services: Services, node: unknown): Promise<CertificateScope | undefined> {
  if (isCertificateGroupNode(node) && node.certificateKind === "accessCertificate") {
    return node.scope;
  }
  const account = await pickAccount(services, "Hostname Settings: Account");
  return account ? accountScope(account) : undefined;
}

export async function editHostnameSettings(services: Services, node?: unknown): Promise<void> {
  const scope = await chooseScope(services, node);
  if (!scope) {
    return;
  }
  const [listed, certificates] = await Promise.all([services.repository.hostnameSettings(scope), services.repository.accessCertificates(scope)]);
  const settings = settingsForEveryHostname(certificates, listed);
  if (settings.length === 0) {
    await services.prompts.info(`No hostname of ${scopeLabel(scope)} is associated with an Access certificate yet: associate hostnames with one first.`);
    return;
  }
  const hostname = await services.prompts.pick(
    settings.map((setting) => ({
      label: setting.hostname,
      description: [setting.client_certificate_forwarding ? "forwards client certificate" : undefined, setting.china_network ? "China network" : undefined].filter(Boolean).join(" · ") || "defaults",
      value: setting.hostname,
    })),
    { title: `Hostname Settings of ${scopeLabel(scope)}`, placeHolder: "Which hostname?" },
  );
  const current = settings.find((setting) => setting.hostname === hostname);
  if (!current) {
    return;
  }
  const enabled = await services.prompts.pickMany(
    [
      { label: "Forward the client certificate to the origin", detail: "Adds the client certificate to requests Access forwards (Cf-Client-Cert headers).", value: "client_certificate_forwarding" as const, picked: current.client_certificate_forwarding },
      { label: "Serve through the China network", detail: "Only for zones on Cloudflare's China network.", value: "china_network" as const, picked: current.china_network },
    ],
    { title: `Settings for ${current.hostname}` },
  );
  if (!enabled) {
    return;
  }
  const updated: AccessHostnameSetting = { hostname: current.hostname, china_network: enabled.includes("china_network"), client_certificate_forwarding: enabled.includes("client_certificate_forwarding") };
  const all = settings.map((setting) => (setting.hostname === current.hostname ? updated : setting));
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Saving hostname settings…", cancellable: true }, (_progress, token) =>
    services.repository.setHostnameSettings(scope, all, abortSignalOf(token)),
  );
  settle(outcome, `hostname settings change of ${current.hostname}`);
  await services.prompts.info(`Saved the Access mTLS settings of ${current.hostname}.`);
}
