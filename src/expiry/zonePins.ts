// Zones pinned to the expiry watch (Pin Zone to Expiry Watch on a zone row): in an account with
// more zones than cloudflareMtls.expiryScan.zoneLimit, the scan looks through these and the zones
// expanded in this session only. Kept in globalState, so every window and restart shares them.
// Each pin keeps the zone's id, name and account, so the scan can look through a pinned zone of
// an account whose zones it does not list.
import * as vscode from "vscode";
import type { Zone } from "../cloudflare/types";
import { Disposable } from "../disposable";

const PINNED_ZONES_KEY = "cloudflareMtls.expiryWatch.pinnedZones";

function isPinnedZone(value: unknown): value is Zone {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const zone = value as Partial<Zone>;
  return typeof zone.id === "string" && typeof zone.name === "string" && typeof zone.account?.id === "string" && typeof zone.account.name === "string";
}

export class ZonePins extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly globalState: vscode.Memento) {
    super();
  }

  /** The pinned zones; an entry that is not a zone (state written by something else) is ignored. */
  zones(): Zone[] {
    const stored = this.globalState.get<unknown>(PINNED_ZONES_KEY, []);
    return Array.isArray(stored) ? stored.filter(isPinnedZone) : [];
  }

  has(zoneId: string): boolean {
    return this.zones().some((zone) => zone.id === zoneId);
  }

  async set(zone: Zone, pinned: boolean): Promise<void> {
    const others = this.zones().filter((pinnedZone) => pinnedZone.id !== zone.id);
    const zones = pinned ? [...others, { id: zone.id, name: zone.name, account: { id: zone.account.id, name: zone.account.name } }] : others;
    await this.globalState.update(PINNED_ZONES_KEY, zones.sort((a, b) => a.id.localeCompare(b.id)));
    this.changed.fire();
  }
}
