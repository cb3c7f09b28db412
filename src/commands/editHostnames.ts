// Edit Associated Hostnames of an Access certificate (PUT with the full list; the certificate
// itself cannot change).
import * as vscode from "vscode";
import type { Services } from "../services";
import { accessCertificateRecordOf } from "../views/kinds/accessCertificates";
import { certificateTarget } from "./certificateTargets";
import { settle } from "../writeOutcome";
import { abortSignalOf } from "./cancellation";
import { HOSTNAMES_FORMAT, parseHostnames, validateHostnames } from "./uploadPlan";

export async function editHostnames(services: Services, node?: unknown): Promise<void> {
  const target = certificateTarget(services, node);
  const certificate = accessCertificateRecordOf(target);
  if (!target || !certificate) {
    await services.prompts.info("Select an Access certificate in the Cloudflare mTLS view first.");
    return;
  }
  const current = certificate.associated_hostnames ?? [];
  const text = await services.prompts.input({
    title: `Associated Hostnames of “${certificate.name}”`,
    prompt: `Hostnames of Access applications that accept client certificates signed by this CA (${HOSTNAMES_FORMAT}; empty removes them all).`,
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
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Updating associated hostnames…", cancellable: true }, (_progress, token) =>
    services.repository.setAccessHostnames(target.scope, certificate, hostnames, abortSignalOf(token)),
  );
  settle(outcome, `hostname change of “${certificate.name}”`);
  await services.prompts.info(`“${certificate.name}” now has ${hostnames.length === 1 ? "1 associated hostname" : `${hostnames.length} associated hostnames`}.`);
}
