// Zones pinned to the expiry watch (Pin Zone to Expiry Watch on a zone row): in an account with
// more zones than cloudflareMtls.expiryScan.zoneLimit, the scan looks through these and the zones
// expanded in this session only. Kept in globalState, so every window and restart shares them.
import * as vscode from "vscode";
import { Disposable } from "../disposable";

const PINNED_ZONES_KEY = "cloudflareMtls.expiryWatch.pinnedZoneIds";

export class ZonePins extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly globalState: vscode.Memento) {
    super();
  }

  ids(): ReadonlySet<string> {
    return new Set(this.globalState.get<string[]>(PINNED_ZONES_KEY, []));
  }

  has(zoneId: string): boolean {
    return this.ids().has(zoneId);
  }

  async set(zoneId: string, pinned: boolean): Promise<void> {
    const ids = new Set(this.ids());
    if (pinned) {
      ids.add(zoneId);
    } else {
      ids.delete(zoneId);
    }
    await this.globalState.update(PINNED_ZONES_KEY, [...ids].sort());
    this.changed.fire();
  }
}
