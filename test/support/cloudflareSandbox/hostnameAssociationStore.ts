// Which hostnames of a zone check client certificates against which CA: the account's
// Cloudflare-managed CA (no certificate id) or a CA uploaded to account mTLS (its id). It knows
// nothing of HTTP: routes/hostnameAssociations.ts validates requests and calls it.

/** The key of the managed CA's list; mTLS certificate ids are UUIDs, so it can never clash. */
const MANAGED = "managed";

export class HostnameAssociationStore {
  /** zone id → CA key (MANAGED or an mTLS certificate id) → hostnames. */
  private readonly byZone = new Map<string, Map<string, string[]>>();
  /** mTLS certificate ids whose account associations the sandbox marked as used by hostnames. */
  private readonly marked = new Set<string>();

  /** The hostnames of the zone associated with the CA (the managed CA when `mtlsCertificateId` is undefined). */
  hostnames(zoneId: string, mtlsCertificateId?: string): string[] {
    return [...(this.byZone.get(zoneId)?.get(mtlsCertificateId ?? MANAGED) ?? [])];
  }

  /** Replaces the list; [] clears it. */
  setHostnames(zoneId: string, mtlsCertificateId: string | undefined, hostnames: readonly string[]): string[] {
    let zone = this.byZone.get(zoneId);
    if (!zone) {
      zone = new Map();
      this.byZone.set(zoneId, zone);
    }
    const key = mtlsCertificateId ?? MANAGED;
    if (hostnames.length === 0) {
      zone.delete(key);
    } else {
      zone.set(key, [...hostnames]);
    }
    return this.hostnames(zoneId, mtlsCertificateId);
  }

  /**
   * The CA another list of the zone gives `hostname` to: "managed", an mTLS certificate id, or
   * undefined when no other list holds it.
   */
  otherOwner(zoneId: string, mtlsCertificateId: string | undefined, hostname: string): string | undefined {
    const key = mtlsCertificateId ?? MANAGED;
    for (const [owner, hostnames] of this.byZone.get(zoneId) ?? []) {
      if (owner !== key && hostnames.includes(hostname)) {
        return owner;
      }
    }
    return undefined;
  }

  /** Zones with at least one hostname associated with the uploaded CA. */
  zonesUsing(mtlsCertificateId: string): string[] {
    return [...this.byZone].filter(([, cas]) => (cas.get(mtlsCertificateId)?.length ?? 0) > 0).map(([zoneId]) => zoneId);
  }

  /** Remembers whether the sandbox added the "in use" association of a CA, so it removes only its own. */
  isMarked(mtlsCertificateId: string): boolean {
    return this.marked.has(mtlsCertificateId);
  }

  setMarked(mtlsCertificateId: string, marked: boolean): void {
    if (marked) {
      this.marked.add(mtlsCertificateId);
    } else {
      this.marked.delete(mtlsCertificateId);
    }
  }
}
