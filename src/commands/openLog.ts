// Show Log: the "Cloudflare mTLS" output channel (requests, timings, errors; never secrets).
import type { Services } from "../services";

export function openLog(services: Services): Promise<void> {
  services.log.show();
  return Promise.resolve();
}
