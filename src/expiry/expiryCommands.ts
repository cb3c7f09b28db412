// The expiry watch's commands: the status bar item's QuickPick (every expiring and expired
// certificate, soonest first, each revealing its tree row; Cancel while a check runs), a check
// on demand, and pinning a zone to the watch.
import * as vscode from "vscode";
import { clearCertificateFilter } from "../commands/filterTree";
import { selectCertificateRow } from "../commands/revealCertificate";
import { focusViewCommand, ViewIds } from "../identifiers";
import type { PickItem } from "../prompts";
import type { Services } from "../services";
import { findCertificateNode, type CertificateLocation } from "../views/certificateLocation";
import { isFiltering } from "../views/treeFilter";
import { ZoneNode } from "../views/treeNodes";
import { describeEntry } from "./expiryReport";

type ExpiryPick = { readonly action: "cancel" } | { readonly action: "check" } | { readonly action: "reveal"; readonly location: CertificateLocation };

/** Opens the tree and selects the certificate's row (clearing a filter that hides it). */
export async function showCertificateRow(services: Services, location: CertificateLocation): Promise<void> {
  const find = () => findCertificateNode((parent) => services.tree.getChildren(parent), location);
  let node = await find();
  if (!node && isFiltering(services.tree.filter)) {
    await clearCertificateFilter(services);
    node = await find();
  }
  if (!node) {
    await services.prompts.info("That certificate is no longer in the tree: it may have been deleted, or its account is hidden. Refresh to check.");
    return;
  }
  // Opened first: revealCertificate, for uploads, leaves a hidden view alone.
  await vscode.commands.executeCommand(focusViewCommand(ViewIds.certificates));
  await selectCertificateRow(services, location, node, { focus: true });
}

export async function showExpiringCertificates(services: Services): Promise<void> {
  const watch = services.expiry;
  const entries = watch.entries() ?? [];
  const items: PickItem<ExpiryPick>[] = [
    watch.scanning
      ? { label: "$(close) Cancel the Expiry Check", description: "a check is running", value: { action: "cancel" } }
      : { label: "$(refresh) Check Again Now", description: entries.length === 0 ? "nothing is expiring" : undefined, value: { action: "check" } },
    ...entries.map((entry) => ({
      label: `${entry.expiry.state === "expired" ? "$(error)" : "$(warning)"} ${entry.certificate.name}`,
      description: entry.expiry.label,
      detail: describeEntry(entry),
      value: { action: "reveal", location: entry.certificate.location } as const,
    })),
  ];
  const chosen = await services.prompts.pick(items, {
    title: entries.length > 0 ? "Expiring and Expired Certificates" : "Certificate Expiry",
    placeHolder: watch.scanning ? "Checking… choose Cancel to stop" : "Soonest first; choose one to show it in the tree",
  });
  if (!chosen) {
    return;
  }
  if (chosen.action === "cancel") {
    watch.cancel();
  } else if (chosen.action === "check") {
    await watch.scan();
  } else {
    await showCertificateRow(services, chosen.location);
  }
}

export function checkCertificateExpiry(services: Services): Promise<void> {
  return services.expiry.scan();
}

function zoneOf(node: unknown): ZoneNode {
  if (!(node instanceof ZoneNode)) {
    throw new Error("Choose a zone in the Cloudflare mTLS view.");
  }
  return node;
}

export async function pinZoneToExpiryWatch(services: Services, node?: unknown): Promise<void> {
  const zone = zoneOf(node);
  await services.zonePins.set(zone.zone, true);
  services.log.forComponent("expiry").info(`Pinned zone ${zone.zone.name} to the expiry watch`);
}

export async function unpinZoneFromExpiryWatch(services: Services, node?: unknown): Promise<void> {
  const zone = zoneOf(node);
  await services.zonePins.set(zone.zone, false);
  services.log.forComponent("expiry").info(`Unpinned zone ${zone.zone.name} from the expiry watch`);
}
