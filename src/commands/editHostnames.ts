// Edit Associated Hostnames of an Access certificate (PUT with the full list; the certificate
// itself cannot change).
import * as vscode from "vscode";
import { updateAccessCertificate } from "../cloudflare/accessCertificates";
import type { Services } from "../services";
import { cacheKeys } from "../views/certificateRepository";
import { AccessCertificateNode } from "../views/treeNodes";
import { parseHostnames, validateHostnames } from "./uploadPlan";

export async function editHostnames(services: Services, node?: unknown): Promise<void> {
  const target = node instanceof AccessCertificateNode ? node : services.treeView.selection.find((item): item is AccessCertificateNode => item instanceof AccessCertificateNode);
  if (!target) {
    await services.prompts.info("Select an Access certificate in the Cloudflare mTLS view first.");
    return;
  }
  const current = target.certificate.associated_hostnames ?? [];
  const text = await services.prompts.input({
    title: `Associated Hostnames of “${target.certificate.name}”`,
    prompt: "Hostnames of Access applications that accept client certificates signed by this CA (comma-separated; empty removes them all).",
    value: current.join(", "),
    placeHolder: "app.example.com, admin.example.com",
    validate: validateHostnames,
  });
  if (text === undefined) {
    return;
  }
  const hostnames = parseHostnames(text).hostnames;
  if (hostnames.length === current.length && hostnames.every((hostname) => current.includes(hostname))) {
    return;
  }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Updating associated hostnames…" }, async () =>
    updateAccessCertificate(await services.session.client(), target.scope, target.certificate.id, { associated_hostnames: hostnames, name: target.certificate.name }),
  );
  services.repository.invalidate(cacheKeys.access(target.scope));
  await services.prompts.info(`“${target.certificate.name}” now has ${hostnames.length === 1 ? "1 associated hostname" : `${hostnames.length} associated hostnames`}.`);
}
