// Find Zone…, Show More Zones and Show All Zones: how an account's Zones group gets to one zone
// among thousands. Zones load a page at a time (src/views/certificateRepository.ts); these only
// change what the group shows, and the tree asks Cloudflare for the one page that is new.
import { zoneNameProblem } from "../cloudflare/zones";
import type { Account } from "../cloudflare/types";
import type { Services } from "../services";
import { AccountNode, isZonesGroupNode, type ZonesGroupNode } from "../views/treeNodes";
import { pickAccount } from "./accountPick";

const TITLE = "Find Zone";

/** The account's Zones group as the tree shows it now, if it does. */
async function zonesGroupOf(services: Services, account: Account): Promise<ZonesGroupNode | undefined> {
  const accounts = await services.tree.getChildren();
  const accountNode = accounts.find((node) => node instanceof AccountNode && node.account.id === account.id);
  const children = accountNode ? await services.tree.getChildren(accountNode) : [];
  return children.find(isZonesGroupNode);
}

/** Asks for part of a zone name; the account's Zones group then shows only the zones whose name contains it. */
export async function findZone(services: Services, node?: unknown): Promise<void> {
  const account = isZonesGroupNode(node) ? node.account : await pickAccount(services, `${TITLE}: Account`);
  if (!account) {
    return;
  }
  const current = services.repository.zoneBrowsingOf(account.id).nameContains;
  const text = await services.prompts.input({
    title: `${TITLE} in ${account.name || account.id}`,
    prompt: "Part of the zone's name: the Zones group shows the zones whose name contains it (Cloudflare searches, one request).",
    placeHolder: "shop, .org, example.com",
    value: current,
    validate: zoneNameProblem,
  });
  if (text === undefined) {
    return;
  }
  services.repository.findZones(account.id, text);
  const group = isZonesGroupNode(node) ? node : await zonesGroupOf(services, account);
  if (group && services.treeView.visible) {
    await services.treeView.reveal(group, { select: false, focus: false, expand: true });
  }
}

/** The next page of the group's zones (the Show more row). */
export async function showMoreZones(services: Services, node?: unknown): Promise<void> {
  if (!isZonesGroupNode(node)) {
    await services.prompts.info("Click “Show more” below an account's zones in the Cloudflare mTLS view.");
    return;
  }
  services.repository.showMoreZones(node.account.id);
}

/** All zones again, from the first page (the filter row). */
export async function clearZoneFilter(services: Services, node?: unknown): Promise<void> {
  if (!isZonesGroupNode(node)) {
    await services.prompts.info("Click the “Zones containing …” row of an account's Zones group to show all its zones again.");
    return;
  }
  services.repository.clearZoneFilter(node.account.id);
}
