// Edit Hostname Settings of Access mTLS (per hostname: China network, client certificate
// forwarding). Cloudflare replaces the whole list on PUT, so we always send every hostname.
import * as vscode from "vscode";
import { updateAccessHostnameSettings } from "../cloudflare/accessCertificates";
import type { AccessHostnameSetting, AccessScope } from "../cloudflare/types";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import { AccessGroupNode } from "../views/treeNodes";

async function chooseScope(services: Services, node: unknown): Promise<{ scope: AccessScope; label: string } | undefined> {
  if (node instanceof AccessGroupNode) {
    return { scope: node.scope, label: node.zone ? `zone ${node.zone.name}` : `account ${node.account.name}` };
  }
  const accounts = await services.repository.visibleAccounts();
  const account = accounts.length === 1 ? accounts[0] : await services.prompts.pick(accounts.map((item) => ({ label: item.name, description: item.id, value: item })), { title: "Hostname Settings: Account" });
  return account ? { scope: { kind: "accounts", id: account.id }, label: `account ${account.name}` } : undefined;
}

export async function editHostnameSettings(services: Services, node?: unknown): Promise<void> {
  const chosen = await chooseScope(services, node);
  if (!chosen) {
    return;
  }
  const settings = await services.repository.hostnameSettings(chosen.scope);
  if (settings.length === 0) {
    await services.prompts.info(`No hostname of ${chosen.label} has Access mTLS settings yet: associate hostnames with an Access certificate first.`);
    return;
  }
  const hostname = await services.prompts.pick(
    settings.map((setting) => ({
      label: setting.hostname,
      description: [setting.client_certificate_forwarding ? "forwards client certificate" : undefined, setting.china_network ? "China network" : undefined].filter(Boolean).join(" · ") || "defaults",
      value: setting.hostname,
    })),
    { title: `Hostname Settings of ${chosen.label}`, placeHolder: "Which hostname?" },
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
  const updated: AccessHostnameSetting = { hostname: current.hostname, client_certificate_forwarding: enabled.includes("client_certificate_forwarding"), china_network: enabled.includes("china_network") };
  const all = settings.map((setting) => (setting.hostname === current.hostname ? updated : setting));
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Saving hostname settings…" }, async () =>
    updateAccessHostnameSettings(await services.session.client(), chosen.scope, all),
  );
  services.repository.invalidate(cacheKeys.hostnameSettings(chosen.scope));
  await services.prompts.info(`Saved the Access mTLS settings of ${current.hostname}.`);
}
