// The one way a command asks which zone of an account. An account whose zones fit on one page
// (50) offers them all in a QuickPick: one request, the Zones group's own first page. A larger
// account (thousands of zones) is never listed whole: the user types part of the name and
// Cloudflare's name filter answers with the first page of matches (one request a search).
import { ZONE_PAGE_SIZE, zoneNameProblem } from "../cloudflare/zones";
import type { Account, Zone } from "../cloudflare/types";
import type { Services } from "../services";

export interface ZonePickOptions {
  readonly title: string;
  readonly placeHolder: string;
  /** Said when the account has no zone at all. */
  readonly noZones: string;
}

const SEARCH_AGAIN = Symbol("search again");

function zoneItems(zones: readonly Zone[]): { label: string; description: string; value: Zone }[] {
  return zones.map((zone) => ({ label: zone.name, description: zone.id, value: zone }));
}

export async function pickZone(services: Services, account: Account, options: ZonePickOptions): Promise<Zone | undefined> {
  const first = await services.repository.zonesForPicker(account.id);
  if (first.complete) {
    if (first.zones.length === 0) {
      await services.prompts.warning(options.noZones);
      return undefined;
    }
    return services.prompts.pick(zoneItems(first.zones), { title: options.title, placeHolder: options.placeHolder });
  }
  let typed = "";
  for (;;) {
    const text = await services.prompts.input({
      title: options.title,
      prompt: `${account.name || account.id} has more than ${ZONE_PAGE_SIZE} zones: type part of the zone's name.`,
      placeHolder: "shop, .org, example.com",
      value: typed,
      validate: zoneNameProblem,
    });
    if (text === undefined) {
      return undefined;
    }
    typed = text.trim();
    const found = await services.repository.zonesForPicker(account.id, typed);
    const chosen = await services.prompts.pick<Zone | typeof SEARCH_AGAIN>(
      [
        ...zoneItems(found.zones),
        {
          label: "$(search) Search again…",
          description: found.zones.length === 0 ? `no zone's name contains “${typed}”` : found.complete ? undefined : `the first ${found.zones.length} matches are shown: type more of the name`,
          value: SEARCH_AGAIN,
        },
      ],
      { title: options.title, placeHolder: found.zones.length === 0 ? `No zone's name contains “${typed}”.` : options.placeHolder },
    );
    if (chosen !== SEARCH_AGAIN) {
      return chosen;
    }
  }
}
