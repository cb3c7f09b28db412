// Sign Out: deletes the credential from SecretStorage and empties the tree.
import type { Services } from "../services";

export async function signOut(services: Services): Promise<void> {
  const stored = await services.credentials.get();
  await services.credentials.clear();
  services.repository.invalidateAll();
  services.log.forComponent("auth").info("Signed out");
  if (stored) {
    await services.prompts.info(`Signed out of Cloudflare. The ${stored.label} was removed from VS Code's secret storage.`);
  }
}
