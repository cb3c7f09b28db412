// Open in Cloudflare Dashboard: the account, or the page that lists this kind of certificate.
import * as vscode from "vscode";
import type { Services } from "../services";
import { AccessCertificateNode, AccessGroupNode, AccountNode, MtlsCertificateNode, MtlsGroupNode, ZoneNode, ZonesGroupNode } from "../views/treeNodes";
import { accessCertificatesDashboardUrl, accountDashboardUrl, mtlsCertificatesDashboardUrl } from "./dashboardLinks";

function urlFor(node: unknown): string | undefined {
  if (node instanceof MtlsCertificateNode || node instanceof MtlsGroupNode) {
    return mtlsCertificatesDashboardUrl(node.account.id);
  }
  if (node instanceof AccessCertificateNode) {
    return accessCertificatesDashboardUrl(node.account.id, node.scope, node.parent.zone?.name);
  }
  if (node instanceof AccessGroupNode) {
    return accessCertificatesDashboardUrl(node.account.id, node.scope, node.zone?.name);
  }
  if (node instanceof AccountNode || node instanceof ZonesGroupNode || node instanceof ZoneNode) {
    return accountDashboardUrl(node.account.id);
  }
  return undefined;
}

export async function openInDashboard(services: Services, node?: unknown): Promise<void> {
  const url = urlFor(node ?? services.treeView.selection[0]);
  if (!url) {
    await services.prompts.info("Select an account or certificate in the Cloudflare mTLS view first.");
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
