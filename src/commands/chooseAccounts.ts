// Choose which of the reachable accounts the tree shows; remembered in globalState.
import type { Services } from "../services";

export async function chooseAccounts(services: Services): Promise<void> {
  const accounts = await services.repository.accounts();
  if (accounts.length === 0) {
    await services.prompts.info("This credential reaches no Cloudflare account.");
    return;
  }
  const hidden = services.repository.hiddenAccountIds();
  const chosen = await services.prompts.pickMany(
    accounts.map((account) => ({ label: account.name || account.id, description: account.id, value: account.id, picked: !hidden.has(account.id) })),
    { title: "Choose Accounts to Show", placeHolder: "Accounts whose certificates appear in the Cloudflare mTLS view" },
  );
  if (!chosen) {
    return;
  }
  const shown = new Set(chosen);
  await services.repository.setHiddenAccountIds(accounts.filter((account) => !shown.has(account.id)).map((account) => account.id));
}
