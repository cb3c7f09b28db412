// Pure: the rows of an account's Zones group besides the zones themselves: "Find Zone…", the
// name filter in force (click to clear), "Show 50 more of 4,950 zones…", and the empty results.
// An account's zones load a page at a time (src/cloudflare/zones.ts), so these rows say what is
// left and how to get to the zone the user wants without listing thousands first.
import { CommandIds } from "../identifiers";
import type { ChildRow } from "./kinds/certificateKindModule";
import { escapeMarkdown, infoRow } from "./treeModel";

const COUNT = new Intl.NumberFormat("en-US");

function zonesWord(count: number): string {
  return count === 1 ? "zone" : "zones";
}

/** "Find Zone…": asks for part of a name and shows the zones whose name contains it. */
export function findZoneRow(zonesGroupId: string): ChildRow {
  return infoRow(zonesGroupId, "find", "Find Zone…", {
    icon: "search",
    tooltip: "Show only the zones whose name contains what you type (Cloudflare searches: one request).",
    command: { id: CommandIds.findZone, title: "Find Zone…", argument: "owner" },
  });
}

/** The filter in force: `shown` zones match so far (`more` when a later page holds more); click to show all zones again. */
export function zoneFilterRow(zonesGroupId: string, nameContains: string, shown: number, totalCount: number | undefined, more: boolean): ChildRow {
  // Every match shown: the count is what is shown, whatever total_count says (see src/cloudflare/zones.ts).
  const count = more ? (totalCount ?? shown) : shown;
  const matches = more && totalCount === undefined ? `${COUNT.format(shown)}+ ${zonesWord(2)}` : `${COUNT.format(count)} ${zonesWord(count)}`;
  return infoRow(zonesGroupId, "filter", `Zones containing “${nameContains}”: ${matches}`, {
    icon: "clear-all",
    tooltip: "Click to show all zones again.",
    command: { id: CommandIds.clearZoneFilter, title: "Show All Zones", argument: "owner" },
  });
}

/**
 * "Show 50 more of 4,950 zones…": the next page. `shown` zones are in the group; `totalCount` is
 * the listing's size when Cloudflare says, so the row can tell how many are left.
 */
export function showMoreZonesRow(zonesGroupId: string, shown: number, totalCount: number | undefined, pageSize: number, filtered: boolean): ChildRow {
  const kind = filtered ? `matching ${zonesWord(2)}` : zonesWord(2);
  const left = totalCount === undefined ? undefined : Math.max(0, totalCount - shown);
  const label = left === undefined || left === 0 ? `Show more ${kind}…` : `Show ${COUNT.format(Math.min(pageSize, left))} more of ${COUNT.format(left)} ${filtered ? "matching " : ""}${zonesWord(left)}…`;
  return infoRow(zonesGroupId, "more", label, {
    icon: "more",
    tooltip: `${COUNT.format(shown)} ${kind} shown${left === undefined ? "" : `, ${COUNT.format(left)} more`}. Each click loads one more page (one request). Find Zone… goes straight to one.`,
    command: { id: CommandIds.showMoreZones, title: "Show More Zones", argument: "owner" },
  });
}

/** No zone's name contains the text. */
export function noZonesMatchRow(zonesGroupId: string, nameContains: string): ChildRow {
  const label = `No zone's name contains “${nameContains}”`;
  return infoRow(zonesGroupId, "empty", label, { icon: "circle-slash", tooltip: escapeMarkdown(label) });
}

/** The next page could not be loaded: the zones before it stay, and clicking asks for it again. */
export function showMoreFailedRow(zonesGroupId: string, reason: string): ChildRow {
  return {
    row: {
      id: `${zonesGroupId}/more`,
      label: `Could not load more zones: ${reason}`,
      tooltip: `${escapeMarkdown(reason)}\n\nClick to try that page again. Details are in the log (Cloudflare mTLS: Show Log).`,
      contextValue: "error",
      icon: { id: "error", color: "list.errorForeground" },
      collapsible: "none",
      accessibilityLabel: `Could not load more zones: ${reason}`,
    },
    command: { id: CommandIds.showMoreZones, title: "Try Again", argument: "owner" },
  };
}
